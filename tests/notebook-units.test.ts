/**
 * Issue 18: every unit of chapter 8 (28 units: 8.1.1 … 8.7.6, with 8.4 as one) has a heading with its
 * number, a figure (a `d.plot.` call in a code cell) and an exercise (an nbgrader solution cell followed by
 * a graded, locked check cell) inside its span: from its heading to the next heading of the same or a
 * higher level. The failure message lists exactly which units lack what.
 */
import { describe, expect, it } from "vitest";
import * as fs from "fs";
import * as path from "path";
import { NotebookCell, notebookSources, parsePercent } from "../tools/nb";

const UNITS = [
  "8.1.1", "8.1.2", "8.1.3",
  "8.2.1", "8.2.2", "8.2.3", "8.2.4", "8.2.5", "8.2.6", "8.2.7", "8.2.8",
  "8.3.1", "8.3.2", "8.3.3",
  "8.4",
  "8.5.1", "8.5.2", "8.5.3", "8.5.4",
  "8.6.1", "8.6.2", "8.6.3",
  "8.7.1", "8.7.2", "8.7.3", "8.7.4", "8.7.5", "8.7.6",
];

interface Nbgrader { grade?: boolean; solution?: boolean; locked?: boolean; grade_id?: string }

/**
 * A notebook as a flat sequence of blocks: each code cell is one block, and a markdown cell is split at its
 * heading lines, so two units whose headings share one markdown cell get separate spans.
 */
interface Block { cell: NotebookCell; heading?: { level: number; text: string } }

function blocks(cells: NotebookCell[]): Block[] {
  const out: Block[] = [];
  for (const cell of cells) {
    if (cell.cell_type !== "markdown") {
      out.push({ cell });
      continue;
    }
    let first = true;
    for (const line of cell.source) {
      const m = /^(#{1,6})\s+(.*)$/.exec(line.trimEnd());
      if (m) out.push({ cell, heading: { level: m[1].length, text: m[2] } });
      else if (first) out.push({ cell });
      first = false;
    }
    if (cell.source.length === 0) out.push({ cell });
  }
  return out;
}

const nbgrader = (c: NotebookCell): Nbgrader | undefined => (c.metadata as { nbgrader?: Nbgrader }).nbgrader;
const code = (c: NotebookCell): string => c.source.join("");

/** What `unit` lacks in the notebooks (empty when it is complete). */
function unitGaps(unit: string, notebooks: { name: string; cells: NotebookCell[] }[]): string[] {
  const pattern = new RegExp(`^${unit.replace(/\./g, "\\.")}(?![.\\d])`);
  for (const nb of notebooks) {
    const seq = blocks(nb.cells);
    const start = seq.findIndex((b) => b.heading !== undefined && pattern.test(b.heading.text));
    if (start < 0) continue;
    const level = seq[start].heading!.level;
    let end = seq.findIndex((b, i) => i > start && b.heading !== undefined && b.heading.level <= level);
    if (end < 0) end = seq.length;
    const span = seq.slice(start, end).filter((b) => b.cell.cell_type === "code").map((b) => b.cell);
    const gaps: string[] = [];
    if (!span.some((c) => /\bd\.plot\.\w+/.test(code(c)))) gaps.push("a figure (d.plot.* in a code cell)");
    const hasExercise = span.some((c, i) => {
      const s = nbgrader(c);
      if (!(s?.solution === true && s.grade === false)) return false;
      return span.slice(i + 1).some((k) => {
        const g = nbgrader(k);
        return g?.grade === true && g.locked === true && g.solution === false && /\bcheck\.\w+\(/.test(code(k));
      });
    });
    if (!hasExercise) gaps.push("an exercise (solution cell + locked graded check cell calling d.check.*)");
    return gaps.map((g) => `${nb.name}: ${g}`);
  }
  return [`no heading "${unit} …" in notebooks/src`];
}

describe("every unit of chapter 8 has a heading, a figure and a checked exercise", () => {
  const notebooks = notebookSources().map(({ source }) => ({
    name: path.basename(source),
    cells: parsePercent(fs.readFileSync(source, "utf8"), source),
  }));

  it("finds the notebooks", () => {
    expect(notebooks.length).toBeGreaterThanOrEqual(8);
  });

  it("the span rule sees what it should (a self-test on a synthetic notebook)", () => {
    const cells = parsePercent(
      [
        "// %% [markdown]", "// ## 9.1.1 A unit", "// %%", "d.plot.lines({}).show();",
        '// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "grade_id": "a"}}', "function f() {}",
        '// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "grade_id": "a-check", "points": 1}}', "d.check.f(f);",
        "// %% [markdown]", "// ## 9.1.2 Prose only", "//", "// ## 9.1.4 shares the cell", "// %% [markdown]", "// ### a sub-heading stays inside 9.1.4",
        "// %%", "d.plot.bar({}).show();",
      ].join("\n"),
      "synthetic.ts",
    );
    const nbs = [{ name: "synthetic.ts", cells }];
    expect(unitGaps("9.1.1", nbs)).toEqual([]);
    expect(unitGaps("9.1.4", nbs)).toEqual(["synthetic.ts: an exercise (solution cell + locked graded check cell calling d.check.*)"]);
    expect(unitGaps("9.1.2", nbs)).toContain("synthetic.ts: a figure (d.plot.* in a code cell)");
    expect(unitGaps("9.1.3", nbs)).toEqual(['no heading "9.1.3 …" in notebooks/src']);
  });

  it("all 28 units are complete", () => {
    const missing = UNITS.map((u) => ({ u, gaps: unitGaps(u, notebooks) })).filter((x) => x.gaps.length > 0);
    const report = missing.map(({ u, gaps }) => `${u} lacks ${gaps.join("; ")}`).join("\n");
    expect(report, `${missing.length} of ${UNITS.length} units are incomplete:\n${report}`).toBe("");
  });
});
