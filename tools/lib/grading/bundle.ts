/**
 * The part of the library that grading loads inside sandbox contexts: `src/check` (the checkers)
 * and `src/rng`, with what they import (src/args, src/check/linalg, the `seedrandom` package),
 * transpiled to CommonJS once on the grader side. Every check gets a fresh copy of these modules
 * in a fresh context; a student's code gets its own copy in its own context.
 * Only pure modules are bundled: anything that needs the machine (files, tfjs, plots) is not.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { PROJECT_ROOT } from "../execute";

export interface BundledModule {
  id: string;
  /** Body of a CommonJS module (`exports`, `require`, `module` in scope). */
  code: string;
  /** How each `require(spec)` in this module resolves: spec → module id, or null (not available). */
  requires: Record<string, string | null>;
}

export interface LibraryBundle {
  modules: BundledModule[];
  /** What `import … from "<spec>"` gives in a sandbox: spec → module id. */
  entries: Record<string, string>;
  /** Names of `d` (the "./src" namespace) available while grading → module id. */
  namespace: Record<string, string>;
}

const REQUIRE = /\brequire\((['"])([^'"]+)\1\)/g;

function resolveFile(base: string): string | null {
  for (const candidate of [base, `${base}.ts`, `${base}.js`, path.join(base, "index.ts"), path.join(base, "index.js")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

function resolvePackage(name: string): string | null {
  try {
    return require.resolve(name, { paths: [PROJECT_ROOT] });
  } catch {
    return null;
  }
}

/**
 * An index that only re-exports (`export { a } from "./x"` → `var x_1 = require("./x")` plus getters)
 * loads each module when one of its names is first used: a check context then evaluates the one
 * checker it calls, not all of them. Lines of another shape are left as they are.
 */
function lazyReexports(code: string): string {
  return code.replace(/^var (\w+) = require\(("[^"]+")\);$/gm, (_m, name: string, spec: string) => {
    const cell = `${name}__loaded`;
    return `var ${cell}; var ${name} = new Proxy({}, { get: function (_t, key) { return (${cell} || (${cell} = require(${spec})))[key]; } });`;
  });
}

/** Packages a sandbox may load (pure JavaScript, no I/O); anything else resolves to "not available". */
const ALLOWED_PACKAGES = new Set(["seedrandom"]);

let cached: LibraryBundle | undefined;

export function libraryBundle(root = PROJECT_ROOT): LibraryBundle {
  if (cached && root === PROJECT_ROOT) return cached;
  const modules = new Map<string, BundledModule>();
  const idOf = (file: string) => path.relative(root, file).replace(/\\/g, "/");
  const add = (file: string): string => {
    const id = idOf(file);
    if (modules.has(id)) return id;
    const text = fs.readFileSync(file, "utf8");
    let code = file.endsWith(".ts")
      ? ts.transpileModule(text, { compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, esModuleInterop: true }, fileName: file }).outputText
      : text;
    if (/(^|\/)index\.ts$/.test(file)) code = lazyReexports(code);
    const mod: BundledModule = { id, code, requires: {} };
    modules.set(id, mod);
    for (const m of code.matchAll(REQUIRE)) {
      const spec = m[2];
      if (spec in mod.requires) continue;
      let target: string | null = null;
      if (spec.startsWith(".")) target = resolveFile(path.resolve(path.dirname(file), spec));
      else if (ALLOWED_PACKAGES.has(spec)) target = resolvePackage(spec);
      mod.requires[spec] = target ? add(target) : null;
    }
    return id;
  };
  const check = add(path.join(root, "src/check/index.ts"));
  const rng = add(path.join(root, "src/rng.ts"));
  const bundle: LibraryBundle = {
    modules: [...modules.values()],
    entries: { "./src/check": check, "./src/rng": rng },
    namespace: { check, rng: rng },
  };
  if (root === PROJECT_ROOT) cached = bundle;
  return bundle;
}
