/**
 * The library as grading loads it inside sandbox contexts: every module reachable from
 * src/library.ts, transpiled to CommonJS once on the grader side, loaded into a context only when
 * first used. Every check gets a fresh copy in a fresh context; a student's code gets its own copy
 * in its own context. Modules that need tfjs or Plotly are left out (using one fails with a
 * message); Node built-ins (files, zlib) are empty objects, so the code that would touch the
 * machine fails when it runs, not when its module loads.
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
  /** `d.<name>` → the module it is (`export * as name`). */
  namespace: Record<string, string>;
  /** `d.<name>` → [module, export name] (`export { name }`). */
  named: Record<string, [string, string]>;
  /** Modules whose exports are all names of `d` (`export *`). */
  stars: string[];
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

/** Packages a sandbox never loads (big, native, or machine-bound): a module needing one is unavailable while grading. */
const DENIED_PACKAGES = /^(@tensorflow\/|plotly\.js|tslab|playwright|webgpu$|gl$)/;
/** Node's built-in modules: bundled library code that imports one gets an empty object (its use fails, its loading does not). */
const BUILTIN = /^(node:)?(fs|path|os|zlib|crypto|child_process|worker_threads|url|util|stream|events|buffer|module|vm|perf_hooks|http|https|net)$/;
export const BUILTIN_PREFIX = "builtin:";

let cached: LibraryBundle | undefined;

export function libraryBundle(root = PROJECT_ROOT): LibraryBundle {
  if (cached && root === PROJECT_ROOT) return cached;
  const modules = new Map<string, BundledModule>();
  const idOf = (file: string) => path.relative(root, file).replace(/\\/g, "/");
  const add = (file: string): string => {
    const id = idOf(file);
    if (modules.has(id)) return id;
    const stat = fs.statSync(file);
    const stamp = `${stat.mtimeMs}:${stat.size}`;
    const hit = diskCache.files[id];
    let code: string;
    if (hit && hit.stamp === stamp) code = hit.code;
    else {
      const text = fs.readFileSync(file, "utf8");
      code = file.endsWith(".ts")
        ? ts.transpileModule(text, { compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, esModuleInterop: true }, fileName: file }).outputText
        : text;
      diskCache.files[id] = { stamp, code };
      diskCache.dirty = true;
    }
    if (/(^|\/)index\.ts$/.test(file)) code = lazyReexports(code);
    const mod: BundledModule = { id, code, requires: {} };
    modules.set(id, mod);
    for (const m of code.matchAll(REQUIRE)) {
      const spec = m[2];
      if (spec in mod.requires) continue;
      let target: string | null = null;
      if (spec.startsWith(".")) target = resolveFile(path.resolve(path.dirname(file), spec));
      else if (BUILTIN.test(spec)) {
        mod.requires[spec] = BUILTIN_PREFIX + spec.replace(/^node:/, "");
        continue;
      } else if (!DENIED_PACKAGES.test(spec)) target = resolvePackage(spec);
      mod.requires[spec] = target && /\.(c?js|ts|json)$/.test(target) && !target.endsWith(".json") ? add(target) : null;
    }
    return id;
  };
  // Transpiling ~190 files takes seconds: keep the results in build/ by file time and size.
  const cacheFile = path.join(root, "build", "grading", "bundle-cache.json");
  const diskCache: { files: Record<string, { stamp: string; code: string }>; dirty: boolean } = { files: {}, dirty: false };
  try {
    diskCache.files = JSON.parse(fs.readFileSync(cacheFile, "utf8")).files ?? {};
  } catch {
    // no cache yet
  }
  const library = add(path.join(root, "src/library.ts"));
  if (diskCache.dirty) {
    try {
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
      fs.writeFileSync(cacheFile, JSON.stringify({ files: diskCache.files }));
    } catch {
      // a read-only checkout grades all the same, only slower to start
    }
  }
  // What `d.<name>` is: each `export * as name`, `export { name }` and `export *` of src/library.ts.
  const namespace: Record<string, string> = {};
  const named: Record<string, [string, string]> = {};
  const stars: string[] = [];
  const sf = ts.createSourceFile("library.ts", fs.readFileSync(path.join(root, "src/library.ts"), "utf8"), ts.ScriptTarget.ES2020, true);
  const lib = modules.get(library)!;
  for (const st of sf.statements) {
    if (!ts.isExportDeclaration(st) || st.isTypeOnly || !st.moduleSpecifier || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const target = lib.requires[st.moduleSpecifier.text];
    if (!target) continue;
    const clause = st.exportClause;
    if (!clause) stars.push(target);
    else if (ts.isNamespaceExport(clause)) namespace[clause.name.text] = target;
    else for (const el of clause.elements) if (!el.isTypeOnly) named[el.name.text] = [target, (el.propertyName ?? el.name).text];
  }
  const entries: Record<string, string> = {};
  for (const id of modules.keys()) {
    if (!id.startsWith("src/")) continue;
    const spec = "./" + id.replace(/\.ts$/, "").replace(/\/index$/, "");
    entries[spec] = id;
  }
  const bundle: LibraryBundle = { modules: [...modules.values()], entries, namespace, named, stars };
  if (root === PROJECT_ROOT) cached = bundle;
  return bundle;
}
