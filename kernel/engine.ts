/**
 * The boundary to tslab: its TypeScript converter and executor do the compiling and running; this
 * module observes them (through the converter wrapper and the console the executor reports to) and
 * turns each run into an Outcome the protocol layer can send.
 */
import { createRequire } from "module";
import * as path from "path";
import { pathToFileURL } from "url";
import { createConverter } from "tslab/dist/converter";
import type { Converter, ConvertResult, Diagnostic } from "tslab/dist/converter";
import { createExecutor } from "tslab/dist/executor";
import type { Executor } from "tslab/dist/executor";
import { printQuickInfo } from "tslab/dist/inspect";
import { diagnosticsInOriginal, expandShorthandProperties, installLiveBindings, withLiveBindings } from "./cell-bindings";
import { withDirectoryAliases } from "./directory-imports";
import { compileError, runtimeError } from "./errors";
import type { ErrorContent } from "./errors";
import type { ProjectBuild } from "./project-build";

export type Outcome =
  | { status: "ok"; hasValue: boolean; value?: unknown }
  | { status: "error"; error: ErrorContent };

export interface Engine {
  run(code: string, executionCount: number): Promise<Outcome>;
  inspect(code: string, cursorPos: number): string | undefined;
  complete(code: string, cursorPos: number): { start: number; end: number; matches: string[] };
  interrupt(): void;
  close(): void;
}

/** Diagnostics of a message chain share the parent's start object but lose its file name. */
function withFileNames(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  let last: Diagnostic | undefined;
  return diagnostics.map((d) => {
    const fixed = !d.fileName && last && last.start === d.start && last.fileName ? { ...d, fileName: last.fileName } : d;
    last = fixed;
    return fixed;
  });
}

interface Observed {
  lastConvert?: ConvertResult;
  compiledFiles: Map<string, string>;
}

// tslab turns `import(x)` into these; require() cannot load ESM with top-level await, import() can.
const LITERAL_IMPORT = /Promise\.resolve\(\)\.then\(\(\) => __importStar\(require\(("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\)\)\)/g;
const COMPUTED_IMPORT = /Promise\.resolve\((`\$\{[^`]*\}`)\)\.then\(([\w$]+) => __importStar\(require\(\2\)\)\)/g;
const IMPORT_HELPER = "__descentImport__";

/** Route compiled dynamic imports through the kernel's helper (see installDynamicImport). */
export function rewriteDynamicImports(js: string): string {
  const call = (spec: string) => `globalThis.${IMPORT_HELPER}((s) => __importStar(require(s)), ${spec})`;
  return js.replace(LITERAL_IMPORT, (_m, spec: string) => call(spec)).replace(COMPUTED_IMPORT, (_m, spec: string) => call(spec));
}

/** require() first (keeps tslab's resolution of project files); a real import() for ESM-only packages. */
function installDynamicImport(rootDir: string, nativeImport: (specifier: string) => Promise<unknown>): void {
  const requireFromRoot = createRequire(path.join(rootDir, "__descent__.js"));
  const ESM_ERRORS = new Set(["ERR_REQUIRE_ESM", "ERR_REQUIRE_ASYNC_MODULE", "ERR_PACKAGE_PATH_NOT_EXPORTED"]);
  (globalThis as Record<string, unknown>)[IMPORT_HELPER] = async (load: (s: string) => unknown, specifier: string) => {
    try {
      return load(specifier);
    } catch (e) {
      if (!ESM_ERRORS.has((e as { code?: string }).code ?? "")) throw e;
      let target = specifier;
      try {
        target = pathToFileURL(requireFromRoot.resolve(specifier)).href;
      } catch {
        // package with only an "import" export condition: let import() resolve the bare name
      }
      return nativeImport(target);
    }
  };
}

function observe(converter: Converter, seen: Observed): Converter {
  return {
    convert(prevDecl, src) {
      const expanded = expandShorthandProperties(src);
      const result = converter.convert(prevDecl, expanded.code);
      const sideOutputs = result.sideOutputs
        ? withDirectoryAliases(result.sideOutputs).map((o) => ({ path: o.path, data: rewriteDynamicImports(o.data) }))
        : undefined;
      for (const out of sideOutputs ?? []) seen.compiledFiles.set(out.path, out.data);
      const output = result.output === undefined ? undefined : withLiveBindings(rewriteDynamicImports(result.output));
      const diagnostics = diagnosticsInOriginal(withFileNames(result.diagnostics), expanded, src);
      const observed: ConvertResult = { ...result, output, diagnostics, sideOutputs };
      seen.lastConvert = observed;
      return observed;
    },
    inspect: (prevDecl, src, position) => converter.inspect(prevDecl, src, position),
    complete: (prevDecl, src, position) => converter.complete(prevDecl, src, position),
    close: () => converter.close(),
    addModule: (name, content, meta) => converter.addModule(name, content, meta),
  };
}

export function createEngine(rootDir: string, nativeImport?: (specifier: string) => Promise<unknown>, build?: ProjectBuild): Engine {
  if (nativeImport) installDynamicImport(rootDir, nativeImport);
  installLiveBindings();
  const seen: Observed = { compiledFiles: new Map() };
  const node = observe(createConverter({ isJS: false, isBrowser: false }), seen);
  let browser: Converter | undefined;
  const convs = {
    node,
    get browser(): Converter {
      if (!browser) browser = observe(createConverter({ isJS: false, isBrowser: true }), seen);
      return browser;
    },
    close(): void {
      node.close();
      if (browser) browser.close();
    },
  };
  // tslab's executor reports the last expression's value with log() and failures with error():
  // capturing them here is how results become execute_result and failures become error messages.
  let value: { present: boolean; value?: unknown } = { present: false };
  let thrown: { present: boolean; value?: unknown } = { present: false };
  const reporter = {
    log(v?: unknown): void {
      value = { present: true, value: v };
    },
    error(first?: unknown, ...rest: unknown[]): void {
      if (typeof first === "string" && first.startsWith("%s%d:%d") && rest.length === 4) return; // a diagnostic
      thrown = { present: true, value: first };
    },
  };
  const executor: Executor = createExecutor(rootDir, convs, reporter);

  async function run(code: string, executionCount: number): Promise<Outcome> {
    value = { present: false };
    thrown = { present: false };
    seen.lastConvert = undefined;
    const ok = await executor.execute(code);
    const converted = seen.lastConvert as ConvertResult | undefined;
    const ctx = {
      rootDir,
      executionCount,
      cellSource: code,
      cellJs: converted?.output,
      compiledFiles: seen.compiledFiles,
      build,
    };
    if (ok) return { status: "ok", hasValue: value.present, value: value.value };
    if (thrown.present) return { status: "error", error: runtimeError(thrown.value, ctx) };
    const diagnostics = converted?.diagnostics ?? [];
    if (diagnostics.length > 0) return { status: "error", error: compileError(diagnostics, ctx) };
    return { status: "error", error: { ename: "Error", evalue: "the cell failed", traceback: [`Cell In[${executionCount}]`] } };
  }

  return {
    run,
    inspect(code, cursorPos) {
      const info = executor.inspect(code, cursorPos);
      return info ? printQuickInfo(info) : undefined;
    },
    complete(code, cursorPos) {
      const info = executor.complete(code, cursorPos);
      return { start: info.start, end: info.end, matches: info.candidates };
    },
    interrupt: () => executor.interrupt(),
    close: () => executor.close(),
  };
}

