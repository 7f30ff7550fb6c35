import { describe, expect, it, vi } from "vitest";
import { check } from "../src";

describe("check.claim", () => {
  it("prints a one-line verdict when the stated number holds", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const r = check.claim("the norm grows about tenfold", { value: 9.7, approx: 10, rel: 0.1 });
    expect(r.passed).toBe(true);
    expect(log.mock.calls[0][0]).toBe("✔ claim — the norm grows about tenfold: measured 9.7, stated ≈ 10 (±10%)");
    log.mockRestore();
  });
  it("throws, naming measured and stated values, when the sentence is false", () => {
    expect(() => check.claim("heavy ball climbs about 200× above", { value: 151, approx: 200, rel: 0.1 })).toThrow(
      /✘ claim — heavy ball climbs about 200× above: measured 151, stated ≈ 200 \(±10%\): not within ±10% of 200/,
    );
    expect(() => check.claim("below one", { value: 1, below: 1 })).toThrow(/not < 1/);
    expect(() => check.claim("in range", { value: 3, between: [4, 5] })).toThrow(/outside \[4, 5\]/);
    expect(() => check.claim("x", { holds: false })).toThrow(/stated condition is false/);
    expect(() => check.claim("nan is not a number", { value: NaN, above: 0 })).toThrow(/parameter 'value' must be a number/);
  });
  it("combines bounds, and rejects unknown options and missing values", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    expect(check.claim("between", { value: 0.5, above: 0, atMost: 1 }).passed).toBe(true);
    log.mockRestore();
    expect(() => check.claim("typo", { value: 1, aprox: 1 } as never)).toThrow(/parameter 'aprox'/);
    expect(() => check.claim("no value", { approx: 1 })).toThrow(/parameter 'value'/);
    expect(() => check.claim("", { holds: true })).toThrow(/parameter 'statement'/);
  });
});
