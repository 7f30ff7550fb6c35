/** Committed notebooks carry no outputs and no execution counts (the runner writes executed copies elsewhere). */
import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const DIRS = ["notebooks", "kernel-setup"].map((d) => path.join(ROOT, d));

function notebooks(): string[] {
  return DIRS.filter((d) => fs.existsSync(d)).flatMap((d) =>
    fs.readdirSync(d).filter((f) => f.endsWith(".ipynb")).map((f) => path.join(d, f)));
}

describe("committed notebooks are clean", () => {
  it("finds the notebooks it checks (at least the smoke notebook)", () => {
    expect(notebooks().map((p) => path.basename(p))).toContain("smoke.ipynb");
  });

  for (const file of notebooks()) {
    it(`${path.relative(ROOT, file)} has no outputs or execution counts`, () => {
      const nb = JSON.parse(fs.readFileSync(file, "utf8"));
      const dirty = (nb.cells as Array<{ cell_type: string; outputs?: unknown[]; execution_count?: number | null }>)
        .map((c, i) => ({ i, c }))
        .filter(({ c }) => c.cell_type === "code" && ((c.outputs?.length ?? 0) > 0 || c.execution_count != null))
        .map(({ i }) => i);
      expect(dirty, `cells with outputs: ${dirty.join(", ")} — clear them before committing`).toEqual([]);
    });
  }
});
