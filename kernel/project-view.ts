/**
 * Point notebooks' `./src` (and `./src/...`) at the compiled build (project-build.ts):
 * - tslab's compiler sees `src/<rel>.d.ts` (read from the build) where `src/<rel>.ts` is, so cells are
 *   type-checked against declarations only and tslab neither compiles nor watches src/ (an edit to
 *   src/ during a kernel's life used to break later cells: "Unexpected pending rebuildTimer");
 * - at run time, `require` of anything under src/ from outside src/ loads the build's JavaScript.
 * Declaration paths keep src/'s place in the tree, so their imports of node_modules resolve as before.
 */
import Module from "module";
import * as path from "path";
import type { ProjectBuild } from "./project-build";

type Ts = typeof import("@tslab/typescript-for-tslab");
type Sys = Ts["sys"];

const HIDDEN_SOURCES = /\.(?:ts|tsx|js|jsx|mts|cts|mjs|cjs)$/;

function isUnder(dir: string, file: string): boolean {
  return file === dir || file.startsWith(dir + path.sep);
}

/** The build file standing in for `file` under src/, or null when `file` keeps its real contents. */
export function declarationFor(build: ProjectBuild, file: string): string | null {
  const normalized = path.normalize(file);
  if (!isUnder(build.srcDir, normalized) || !normalized.endsWith(".d.ts")) return null;
  return path.join(build.typesDir, path.relative(build.srcDir, normalized));
}

/** A source file under src/ that the compiler must not see (its declaration stands in for it). */
export function isHiddenSource(build: ProjectBuild, file: string): boolean {
  const normalized = path.normalize(file);
  return isUnder(build.srcDir, normalized) && HIDDEN_SOURCES.test(normalized) && !normalized.endsWith(".d.ts");
}

/** Patch the compiler's file system (shared by every tslab converter in this process). */
export function installCompilerView(ts: Ts, build: ProjectBuild): void {
  const sys: Sys = ts.sys;
  const real = {
    fileExists: sys.fileExists.bind(sys),
    readFile: sys.readFile.bind(sys),
    watchFile: sys.watchFile?.bind(sys),
    watchDirectory: sys.watchDirectory?.bind(sys),
    getModifiedTime: sys.getModifiedTime?.bind(sys),
  };
  const quiet = { close: () => {} };
  sys.fileExists = (file) => {
    const decl = declarationFor(build, file);
    if (decl) return real.fileExists(decl);
    return isHiddenSource(build, file) ? false : real.fileExists(file);
  };
  sys.readFile = (file, encoding) => {
    const decl = declarationFor(build, file);
    if (decl) return real.readFile(decl, encoding);
    return isHiddenSource(build, file) ? undefined : real.readFile(file, encoding);
  };
  if (real.getModifiedTime) {
    const getModifiedTime = real.getModifiedTime;
    sys.getModifiedTime = (file) => getModifiedTime(declarationFor(build, file) ?? file);
  }
  // A kernel keeps the library it started with; a restart picks up edits (ensureProjectBuild).
  if (real.watchFile) {
    const watchFile = real.watchFile;
    sys.watchFile = (file, callback, interval, options) =>
      isUnder(build.srcDir, path.normalize(file)) ? quiet : watchFile(file, callback, interval, options);
  }
  if (real.watchDirectory) {
    const watchDirectory = real.watchDirectory;
    sys.watchDirectory = (dir, callback, recursive, options) =>
      isUnder(build.srcDir, path.normalize(dir)) ? quiet : watchDirectory(dir, callback, recursive, options);
  }
}

interface ResolvableModule {
  _resolveFilename(request: string, parent: { filename?: string | null; path?: string } | undefined, ...rest: unknown[]): string;
}

/** Requests from outside src/ for src/ or a path under it load the build's JavaScript instead. */
export function installRuntimeView(build: ProjectBuild): void {
  const loader = Module as unknown as ResolvableModule;
  const resolve = loader._resolveFilename;
  loader._resolveFilename = function (request, parent, ...rest) {
    if (parent && (request.startsWith("./") || request.startsWith("../") || request === "." || request === "..")) {
      const from = parent.filename ? path.dirname(parent.filename) : parent.path;
      // The build's modules resolve among themselves; so does the display hook the kernel loads from src/.
      if (from && !isUnder(build.srcDir, from)) {
        const target = path.resolve(from, request);
        if (isUnder(build.srcDir, target)) {
          const redirected = path.join(build.jsDir, path.relative(build.srcDir, target));
          return resolve.call(this, redirected, parent, ...rest);
        }
      }
    }
    return resolve.call(this, request, parent, ...rest);
  };
}
