import { describe, expect, it, vi } from "vitest";
import * as check from "../src/check";
import { mimeBundle } from "../kernel/rich";

describe("a check cell shows its verdict once", () => {
  it("prints the verdict and its result has no second display on the kernel", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const res = check.sgdStep((t: number[], g: number[], e: number) => t.map((x, i) => x - e * g[i]));
    expect(log).toHaveBeenCalledTimes(1);
    log.mockRestore();
    expect(res.passed).toBe(true);
    expect(mimeBundle(res).data).toBeNull();
    expect(Object.keys(res)).not.toContain("toMimeBundle");
    expect(JSON.parse(JSON.stringify(res)).passed).toBe(true);
  });
});
