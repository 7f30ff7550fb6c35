/**
 * A compiled copy of src/ for notebooks: CommonJS JavaScript plus declarations, built once with
 * tslab's own TypeScript (5.0, so the .d.ts are exactly what cells can consume) and cached under a
 * content hash of src/ and package-lock.json. Cells then type-check against declarations only,
 * instead of tslab re-checking and re-compiling all of src/ in every kernel (7–20 s each).
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/** Bump when the layout or options of the build change, so old caches are not reused. */
const FORMAT = "descent-src-build/4";
const KEEP_BUILDS = 4;
const LOCK_WAIT_MS = 180_000;

export interface ProjectBuild {
  srcDir: string;
  /** `<dir>/js/<rel>.js` for each `src/<rel>.ts`. */
  jsDir: string;
  /** `<dir>/types/<rel>.d.ts` for each `src/<rel>.ts`. */
  typesDir: string;
}

export type BuildOutcome =
  | { status: "ok"; build: ProjectBuild; rebuilt: boolean; ms: number }
  | { status: "error"; message: string; rebuilt: boolean; ms: number };

interface Stamp {
  ok: boolean;
  message?: string;
}

function listFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) listFiles(full, out);
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

function isLibrarySource(file: string): boolean {
  return file.endsWith(".ts") && !file.endsWith(".d.ts");
}

/** Sources and the JSON they import (e.g. problems/reference-problems.json). */
function isBuildInput(file: string): boolean {
  return file.endsWith(".ts") || file.endsWith(".json");
}

/** Hash of everything the build depends on: sources, the lock file, the compiler. */
export function sourceHash(rootDir: string, compilerVersion: string): string {
  const hash = createHash("sha256").update(FORMAT).update("\0").update(compilerVersion);
  const lock = path.join(rootDir, "package-lock.json");
  if (fs.existsSync(lock)) hash.update("\0lock\0").update(fs.readFileSync(lock));
  const srcDir = path.join(rootDir, "src");
  for (const file of listFiles(srcDir)) {
    if (!isBuildInput(file)) continue;
    hash.update("\0" + path.relative(srcDir, file) + "\0").update(fs.readFileSync(file));
  }
  return hash.digest("hex").slice(0, 16);
}

export function cacheRoot(rootDir: string): string {
  return path.join(rootDir, "node_modules", ".cache", "descent-src");
}

type Ts = typeof import("@tslab/typescript-for-tslab");

/**
 * Node-only library code finds files from `__dirname` (src/platform/node.ts: the project's data/): give each built file
 * its source's `__dirname`/`__filename`, relative so the cache moves with the project. It goes on the
 * first line so compiled line numbers stay those TypeScript emitted.
 */
function withSourceLocation(srcDir: string, jsDir: string, jsFile: string, js: string): string {
  const source = path.join(srcDir, path.relative(jsDir, jsFile)).replace(/\.js$/, ".ts");
  const fromHere = path.relative(path.dirname(jsFile), source).split(path.sep).join("/");
  const prologue = `__filename = require("path").resolve(__dirname, ${JSON.stringify(fromHere)}); __dirname = require("path").dirname(__filename);`;
  const directive = /^"use strict";/.exec(js);
  return directive ? `${directive[0]} ${prologue}${js.slice(directive[0].length)}` : `${prologue} ${js}`;
}

function compile(ts: Ts, rootDir: string, outDir: string): Stamp {
  const srcDir = path.join(rootDir, "src");
  const roots = listFiles(srcDir).filter(isLibrarySource);
  // The options tslab compiles cells with (converter.ts in tslab), with CommonJS output.
  const options = {
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    resolveJsonModule: true,
    experimentalDecorators: true,
    skipLibCheck: true,
    declaration: true,
    rootDir: srcDir,
    outDir: path.join(outDir, "js"),
    declarationDir: path.join(outDir, "types"),
    newLine: ts.NewLineKind.LineFeed,
  };
  const program = ts.createProgram(roots, options);
  const errors = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const d = errors[0];
    const where = d.file && d.start !== undefined
      ? `${path.relative(rootDir, d.file.fileName)}, line ${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: `
      : "";
    return { ok: false, message: `${where}${ts.flattenDiagnosticMessageText(d.messageText, " ")}` };
  }
  const jsDir = path.join(outDir, "js");
  const emitted = program.emit(undefined, (file, text) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, file.endsWith(".js") ? withSourceLocation(srcDir, jsDir, file, text) : text);
  });
  if (emitted.emitSkipped) return { ok: false, message: "TypeScript skipped the emit" };
  return { ok: true };
}

function pruneOldBuilds(cache: string, keep: string): void {
  const builds = fs.readdirSync(cache)
    .filter((name) => /^[0-9a-f]{16}$/.test(name) && name !== keep)
    .map((name) => ({ name, mtime: fs.statSync(path.join(cache, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  // Older builds may still be loaded lazily by kernels started before the edit: keep a few.
  for (const old of builds.slice(KEEP_BUILDS - 1)) fs.rmSync(path.join(cache, old.name), { recursive: true, force: true });
}

/** Kernels started together (a test suite, "restart all") wait for one build instead of each compiling. */
function waitForOtherBuilder(cache: string, key: string, stampFile: string): void {
  const lock = path.join(cache, `${key}.lock`);
  const deadline = Date.now() + LOCK_WAIT_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (Date.now() < deadline && !fs.existsSync(stampFile)) {
    let age: number;
    try {
      age = Date.now() - fs.statSync(lock).mtimeMs;
    } catch {
      return; // nobody is building
    }
    if (age > LOCK_WAIT_MS) return; // a builder that died
    Atomics.wait(pause, 0, 0, 200);
  }
}

/**
 * The current build of src/, compiled now when src/ changed since the last one. A build with type
 * errors is remembered as failed (the caller then lets tslab compile src/ and report the error).
 */
export function ensureProjectBuild(rootDir: string, ts: Ts, log: (line: string) => void = () => {}): BuildOutcome {
  const started = Date.now();
  const srcDir = path.join(rootDir, "src");
  const cache = cacheRoot(rootDir);
  const key = sourceHash(rootDir, ts.version);
  const dir = path.join(cache, key);
  const build: ProjectBuild = { srcDir, jsDir: path.join(dir, "js"), typesDir: path.join(dir, "types") };
  const stampFile = path.join(dir, "stamp.json");
  let rebuilt = false;
  if (!fs.existsSync(stampFile)) waitForOtherBuilder(cache, key, stampFile);
  if (!fs.existsSync(stampFile)) {
    log(`src/ changed since the last build: compiling it once for notebooks (${key})`);
    rebuilt = true;
    fs.mkdirSync(cache, { recursive: true });
    // Kernels may start side by side: build aside, then rename into place (first one wins).
    const tmp = fs.mkdtempSync(path.join(cache, "tmp-"));
    const lock = path.join(cache, `${key}.lock`);
    try {
      fs.writeFileSync(lock, String(process.pid));
      const stamp = compile(ts, rootDir, tmp);
      fs.writeFileSync(path.join(tmp, "stamp.json"), JSON.stringify(stamp));
      try {
        fs.renameSync(tmp, dir);
      } catch {
        if (!fs.existsSync(stampFile)) throw new Error(`ensureProjectBuild: could not write the build to ${dir}`);
      }
      pruneOldBuilds(cache, key);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
      fs.rmSync(lock, { force: true });
    }
  }
  const stamp = JSON.parse(fs.readFileSync(stampFile, "utf8")) as Stamp;
  const ms = Date.now() - started;
  if (!stamp.ok) return { status: "error", message: stamp.message ?? "type errors in src/", rebuilt, ms };
  return { status: "ok", build, rebuilt, ms };
}
