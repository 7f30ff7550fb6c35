/**
 * ARCHITECTURE.md's rules, checked on the source: the library's import graph has no cycle, and the
 * accelerators (src/optim/accelerated/) are imported only by the entry points, which install them into
 * src/optim/registry.ts. Imports are read with a regex over `import … from "…"`, `export … from "…"` and
 * `import("…")`, type-only ones included. And the library never reads a tensor synchronously.
 */
import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const SRC = path.join(ROOT, "src");
const ACCELERATED = path.join(SRC, "optim", "accelerated");
const ENTRIES = ["index.ts", "browser.ts"].map((f) => path.join(SRC, f));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.ts$/.test(e.name) && !/\.d\.ts$/.test(e.name) ? [p] : [];
  });
}

/** The file a relative specifier names (foo → foo.ts or foo/index.ts), or null for packages and non-TS files. */
function resolve(from: string, spec: string): string | null {
  if (!spec.startsWith(".")) return null;
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, path.join(base, "index.ts")]) {
    if (candidate.endsWith(".ts") && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const specs = [...text.matchAll(/(?:^|[\s;])(?:import|export)\s[^;]*?\bfrom\s*["']([^"']+)["']|(?:^|[\s;])import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/gm)].map(
    (m) => m[1] ?? m[2] ?? m[3],
  );
  return specs.map((s) => resolve(file, s)).filter((f): f is string => f !== null);
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const rel = (f: string) => path.relative(ROOT, f);

/** Every cycle's files in order (one per strongly connected group found by depth-first search). */
function cycles(): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, "open");
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === "open") found.push([...stack.slice(stack.indexOf(g)), g]);
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, "done");
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return found;
}

describe("the import graph (ARCHITECTURE.md)", () => {
  it("reads the imports it checks (the parser is not vacuous)", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(graph.get(path.join(SRC, "index.ts"))).toContain(path.join(SRC, "library.ts"));
    expect(graph.get(path.join(SRC, "optim", "core.ts"))).toContain(path.join(SRC, "optim", "registry.ts"));
  });

  it("has no cycle in src/", () => {
    expect(cycles().map((c) => c.map(rel).join(" → "))).toEqual([]);
  });

  it("only the entry points import src/optim/accelerated/ (the library reaches it through src/optim/registry.ts)", () => {
    const inside = (f: string) => f.startsWith(ACCELERATED + path.sep);
    const offenders = files
      .filter((f) => !inside(f) && !ENTRIES.includes(f))
      .flatMap((f) => (graph.get(f) ?? []).filter(inside).map((g) => `${rel(f)} imports ${rel(g)}`));
    expect(offenders).toEqual([]);
    expect((graph.get(path.join(SRC, "index.ts")) ?? []).some(inside), "src/index.ts installs the Node accelerators").toBe(true);
  });

  it("the rule files and the generic optimizer code import no accelerator", () => {
    const ruleFiles = files.filter((f) => /[/\\]optim[/\\](torch|book)[/\\]/.test(f) || /[/\\]optim[/\\](core|state|run)\.ts$/.test(f));
    expect(ruleFiles.length).toBeGreaterThan(15);
    for (const f of ruleFiles) {
      const deps = graph.get(f) ?? [];
      expect(deps.filter((g) => g.startsWith(ACCELERATED)), rel(f)).toEqual([]);
    }
  });
});

/** Source without comments, so that prose about dataSync is not a use of it. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
/** tfjs's synchronous reads of a tensor: each blocks on (or cannot do) a GPU read on the webgpu backend. */
const SYNC_READ = /\.\s*(dataSync|arraySync|bufferSync)\s*\(/g;
/** The first group of each match of `pattern` in the code of `text` (comments left out). */
const matchesIn = (pattern: RegExp) => (text: string) => [...code(text).matchAll(pattern)].map((m) => m[1]);
const syncReads = matchesIn(SYNC_READ);
/** "file: what" for each match of `find` in every file of src/. */
const offendersIn = (find: (text: string) => string[], what: (name: string) => string = (name) => name) =>
  files.flatMap((f) => find(fs.readFileSync(f, "utf8")).map((name) => `${rel(f)}: ${what(name)}`));

describe("tensor reads (ARCHITECTURE.md: library code never reads tensors synchronously)", () => {
  it("the check finds a synchronous read, and not one in a comment", () => {
    expect(syncReads("const v = t.dataSync()[0];\nconst a = out\n  .arraySync();\nconst b = t.bufferSync();")).toEqual(["dataSync", "arraySync", "bufferSync"]);
    expect(syncReads("// t.dataSync() stalls on webgpu\n/* x.arraySync() */ const v = await t.data();")).toEqual([]);
  });

  it("src/ has no dataSync(, arraySync( or bufferSync( (webgpu cannot read the GPU synchronously: await t.data() / t.array())", () => {
    // No exception: a tensor on a CPU backend is read with await just as well, and the heavy cells run on the
    // reader's GPU (tests/browser-webgpu-heavy.test.ts runs them on webgpu).
    expect(offendersIn(syncReads, (name) => `${name}()`)).toEqual([]);
  });
});

/** A binding named like one of CommonJS's module variables: notebooks load src/ transpiled to CommonJS, where `exports.x` then reads the local. */
const CJS_SHADOW = /\b(?:const|let|var|function|class)\s+(exports|module|require)\b/g;
const cjsShadows = matchesIn(CJS_SHADOW);

describe("CommonJS names (the kernel runs src/ transpiled to CommonJS: kernel/project-build.ts)", () => {
  it("the check finds a local `exports`, `module` or `require`, and not one in a comment or a property", () => {
    expect(cjsShadows("const exports = fns.map(f);\nlet module = 1;\nfunction require(x) {}")).toEqual(["exports", "module", "require"]);
    expect(cjsShadows("// const exports = 1\nconst o = { exports: 1 };\nx.exports = 2; const m = instance.exports;")).toEqual([]);
  });

  it("src/ declares no local named exports, module or require (it would hide the module's own in CommonJS)", () => {
    expect(offendersIn(cjsShadows)).toEqual([]);
  });
});
