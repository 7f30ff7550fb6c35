/** The cached build of src/ that the kernel gives notebooks: staleness, type errors, file locations. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureProjectBuild } from "../kernel/project-build";
import { declarationFor, isHiddenSource } from "../kernel/project-view";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const ts = require("@tslab/typescript-for-tslab");

const root = fs.mkdtempSync(path.join(os.tmpdir(), "descent-build-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

write("package-lock.json", "{}");
write("src/index.ts", 'export { twice } from "./math/twice";\nexport const here: string = __dirname;\n');
write("src/math/twice.ts", "/** Doubles. */\nexport function twice(x: number): number {\n  return 2 * x;\n}\n");

function loadBuilt(jsFile: string): Record<string, unknown> {
  delete require.cache[jsFile];
  return require(jsFile);
}

describe("ensureProjectBuild", () => {
  it("compiles once, reuses the build while src/ is unchanged, recompiles after an edit", () => {
    const lines: string[] = [];
    const first = ensureProjectBuild(root, ts, (l) => lines.push(l));
    expect(first.status).toBe("ok");
    if (first.status !== "ok") return;
    expect(first.rebuilt).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^src\/ changed since the last build: compiling it once for notebooks/);
    const decl = fs.readFileSync(path.join(first.build.typesDir, "math", "twice.d.ts"), "utf8");
    expect(decl).toContain("export declare function twice(x: number): number;");
    expect(decl).toContain("/** Doubles. */");
    expect((loadBuilt(path.join(first.build.jsDir, "index.js")).twice as (x: number) => number)(21)).toBe(42);

    const again = ensureProjectBuild(root, ts, (l) => lines.push(l));
    expect(again.status === "ok" && !again.rebuilt && again.build.jsDir === first.build.jsDir).toBe(true);
    expect(lines).toHaveLength(1);

    write("src/math/twice.ts", "export function twice(x: number): number {\n  return x + x + 1;\n}\n");
    const edited = ensureProjectBuild(root, ts);
    expect(edited.status === "ok" && edited.rebuilt).toBe(true);
    if (edited.status !== "ok") return;
    expect(edited.build.jsDir).not.toBe(first.build.jsDir);
    expect((loadBuilt(path.join(edited.build.jsDir, "index.js")).twice as (x: number) => number)(21)).toBe(43);
  }, 60_000);

  it("emits the JSON that src/ imports, and a JSON edit is a new build (problems/reference-problems.json)", () => {
    write("src/table.json", '{ "n": 1 }\n');
    write("src/table.ts", 'import table from "./table.json";\nexport const n: number = table.n;\n');
    const first = ensureProjectBuild(root, ts);
    if (first.status !== "ok") throw new Error(first.message);
    expect(loadBuilt(path.join(first.build.jsDir, "table.js")).n).toBe(1);
    write("src/table.json", '{ "n": 2 }\n');
    const edited = ensureProjectBuild(root, ts);
    if (edited.status !== "ok") throw new Error(edited.message);
    expect(edited.rebuilt).toBe(true);
    expect(loadBuilt(path.join(edited.build.jsDir, "table.js")).n).toBe(2);
    fs.rmSync(path.join(root, "src", "table.json"));
    fs.rmSync(path.join(root, "src", "table.ts"));
  }, 60_000);

  it("gives built code its source's __dirname, so data files are found as from src/", () => {
    const outcome = ensureProjectBuild(root, ts);
    if (outcome.status !== "ok") throw new Error(outcome.message);
    expect(loadBuilt(path.join(outcome.build.jsDir, "index.js")).here).toBe(path.join(root, "src"));
  });

  it("reports a type error with its file and line instead of a build", () => {
    write("src/bad.ts", 'export const n: number = 1;\nexport const s: number = "x";\n');
    const outcome = ensureProjectBuild(root, ts);
    expect(outcome.status).toBe("error");
    if (outcome.status === "error") expect(outcome.message).toMatch(/^src\/bad\.ts, line 2: Type 'string' is not assignable to type 'number'/);
    fs.rmSync(path.join(root, "src", "bad.ts"));
    expect(ensureProjectBuild(root, ts).status).toBe("ok");
  }, 60_000);
});

describe("compiler view of src/", () => {
  const build = { srcDir: "/p/src", jsDir: "/c/js", typesDir: "/c/types" };
  it("maps src/**/*.d.ts to the build's declarations and hides src/'s sources", () => {
    expect(declarationFor(build, "/p/src/optim/index.d.ts")).toBe("/c/types/optim/index.d.ts");
    expect(declarationFor(build, "/p/src.d.ts")).toBeNull();
    expect(declarationFor(build, "/p/srcx/a.d.ts")).toBeNull();
    expect(isHiddenSource(build, "/p/src/optim/index.ts")).toBe(true);
    expect(isHiddenSource(build, "/p/src/optim/index.js")).toBe(true);
    expect(isHiddenSource(build, "/p/src/optim/index.d.ts")).toBe(false);
    expect(isHiddenSource(build, "/p/notebooks/x.ts")).toBe(false);
  });
});

describe("type-checking the kernel as descent-kernel.js compiles it (TypeScript 5.0)", () => {
  const kernelDir = path.join(__dirname, "..", "kernel");
  const configPath = path.join(kernelDir, "tsconfig.json");

  it("is part of npm run typecheck and uses the start-up transpile's module and target", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8"));
    expect(pkg.scripts.typecheck).toContain("typescript-for-tslab/bin/tsc -p kernel/tsconfig.json");
    const starter = fs.readFileSync(path.join(__dirname, "..", "kernel-setup", "descent-kernel.js"), "utf8");
    expect(starter).toContain("module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020");
    const options = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, kernelDir).options;
    expect(options.module).toBe(ts.ModuleKind.CommonJS);
    expect(options.target).toBe(ts.ScriptTarget.ES2020);
  });

  it("fails on a typo planted in a kernel file (in memory, src/ untouched)", () => {
    const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, kernelDir);
    const planted = path.join(kernelDir, "history.ts");
    const host = ts.createCompilerHost(parsed.options);
    const readFile = host.readFile.bind(host);
    host.readFile = (file: string) => (path.resolve(file) === planted ? `${readFile(file)}\nexport const oops: number = histroy;\n` : readFile(file));
    const program = ts.createProgram(parsed.fileNames, parsed.options, host);
    const messages = ts.getPreEmitDiagnostics(program).map((d: any) => `${path.basename(d.file?.fileName ?? "")}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
    expect(messages).toEqual([expect.stringMatching(/^history\.ts: Cannot find name 'histroy'/)]);
  }, 30_000);
});

describe("the project's own build, as notebooks load it", () => {
  it("builds its WebAssembly kernels: the wasm arena runs Adam's SIMD kernel (fused quotient) and tfjs-wasm gets our product kernels", async () => {
    const project = path.resolve(__dirname, "..");
    const built = ensureProjectBuild(project, ts);
    expect(built.status).toBe("ok");
    if (built.status !== "ok") return;
    // A child process: the build's src/index.js installs the Node platform and accelerators process-wide.
    const script = `
      const d = require(${JSON.stringify(path.join(built.build.jsDir, "index.js"))});
      (async () => {
        const arena = d.wasmArena(4);
        const { perMemory } = require(${JSON.stringify(path.join(built.build.jsDir, "tf", "kernels", "run.js"))});
        const memory = new WebAssembly.Memory({ initial: 1 });
        const made = perMemory(() => [{ exportName: "f", params: [], locals: [], body: [] }])(memory);
        console.log(JSON.stringify({ simd: arena.simd, quotient: arena.quotient, kernels: made !== null }));
      })();`;
    const out = require("child_process").execFileSync(process.execPath, ["-e", script], { encoding: "utf8", cwd: project });
    expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual({ simd: true, quotient: "fused", kernels: true });
  }, 120_000);
});
