import { describe, expect, it } from "vitest";
import * as fs from "fs";
import * as path from "path";
import { notebookSources, parsePercent, renderNotebook } from "../tools/nb";

describe("notebook sources", () => {
  it("parses markdown, code and metadata cells", () => {
    const cells = parsePercent(
      ['// %% [markdown]', '// # Title', '//', '// $x^2$', '// %%', 'const a = 1;', '', '// %% {"tags": ["t"]}', 'a'].join("\n"),
      "x.ts",
    );
    expect(cells.map((c) => c.cell_type)).toEqual(["markdown", "code", "code"]);
    expect(cells[0].source).toEqual(["# Title\n", "\n", "$x^2$"]);
    expect(cells[1].source).toEqual(["const a = 1;"]);
    expect(cells[2].metadata).toEqual({ tags: ["t"] });
  });

  it("rejects a malformed marker with file and line", () => {
    expect(() => parsePercent("// %% {bad json}\n", "nb.ts")).toThrow(/nb\.ts:1: cell metadata is not valid JSON/);
    expect(() => parsePercent("code first\n// %%\n", "nb.ts")).toThrow(/nb\.ts:1: text before/);
  });

  it("every committed notebook matches its source (run `npm run notebooks:sync`)", () => {
    for (const { source, target } of notebookSources()) {
      expect(fs.existsSync(target), `${path.basename(target)} missing`).toBe(true);
      expect(fs.readFileSync(target, "utf8"), `${path.basename(target)} is stale`).toBe(renderNotebook(source));
    }
  });
});
