/**
 * Turn what tslab reports (thrown values, TypeScript diagnostics) into Jupyter `error` content whose
 * traceback points at the cell and line, IPython style ("Cell In[3], line 2").
 */
import * as fs from "fs";
import * as path from "path";
import { inspect } from "util";
import type { Diagnostic } from "tslab/dist/converter";
import { mapLine } from "./line-map";
import type { ProjectBuild } from "./project-build";

export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** What the engine knows about the code that ran: the cell and the JavaScript compiled from it. */
export interface SourceContext {
  rootDir: string;
  executionCount: number;
  cellSource: string;
  /** The cell compiled by tslab (line 1 of the running script = line 1 of this). */
  cellJs?: string;
  /** JavaScript that tslab compiled from project files, by absolute .js path. */
  compiledFiles: ReadonlyMap<string, string>;
  /** The compiled copy of src/ that notebooks load, when the kernel uses one. */
  build?: ProjectBuild;
}

const MAX_FRAMES = 12;
const CELL_SCRIPT = "evalmachine.<anonymous>";
const FRAME = /^\s*at (?:(.*?) \()?(.+?):(\d+):(\d+)\)?$/;
const INTERRUPT = /Script execution was interrupted|Interrupted asynchronously/;

function cellLabel(ctx: SourceContext): string {
  return `Cell In[${ctx.executionCount}]`;
}

/** The source line with a marker and one line of context before it. */
function excerpt(source: string, line: number): string[] {
  const lines = source.split("\n");
  const out: string[] = [];
  for (let n = Math.max(1, line - 1); n <= Math.min(lines.length, line); n++) {
    const marker = n === line ? "---->" : "     ";
    out.push(`${marker} ${String(n).padStart(3)} | ${lines[n - 1]}`);
  }
  return out;
}

function tsSourceFor(jsPath: string): string | undefined {
  for (const ext of [".ts", ".tsx"]) {
    const candidate = jsPath.replace(/\.js$/, ext);
    if (candidate !== jsPath && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** A file of the build of src/: its JavaScript and the source it came from; null for kernel internals. */
function builtSource(build: ProjectBuild, file: string): { js: string; ts: string } | null | undefined {
  const rel = path.relative(build.jsDir, file);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return undefined;
  if (rel.startsWith("kernel" + path.sep)) return null;
  const ts = path.join(build.srcDir, rel.replace(/\.js$/, ".ts"));
  if (!fs.existsSync(ts) || !fs.existsSync(file)) return undefined;
  return { js: fs.readFileSync(file, "utf8"), ts };
}

function describeFrame(ctx: SourceContext, fn: string | undefined, file: string, line: number, column: number): string[] | null {
  const name = fn ? fn.replace(/^(?:Object|exports)\./, "") : undefined;
  const where = name && name !== "<anonymous>" && !name.startsWith("eval") ? `, in ${name}` : "";
  if (file === CELL_SCRIPT) {
    // The last line of the script is tslab's wrapper invoking the cell: not the user's code.
    if (ctx.cellJs !== undefined && line > ctx.cellJs.split("\n").length) return null;
    const cellLine = ctx.cellJs ? mapLine(ctx.cellJs, line, ctx.cellSource) : undefined;
    if (cellLine === undefined) return [`${cellLabel(ctx)} (compiled line ${line}, column ${column})${where}`];
    return [`${cellLabel(ctx)}, line ${cellLine}${where}`, ...excerpt(ctx.cellSource, cellLine)];
  }
  if (file.startsWith("node:") || file.includes(`${path.sep}tslab${path.sep}dist${path.sep}`) ||
      file.includes(`${path.sep}src${path.sep}kernel${path.sep}`) || !path.isAbsolute(file)) {
    return null;
  }
  const rel = path.relative(ctx.rootDir, file);
  const built = ctx.build ? builtSource(ctx.build, file) : undefined;
  if (built === null) return null;
  const compiled = built ? built.js : ctx.compiledFiles.get(file);
  const tsFile = built ? built.ts : compiled !== undefined ? tsSourceFor(file) : undefined;
  if (compiled !== undefined && tsFile) {
    const ts = fs.readFileSync(tsFile, "utf8");
    const tsLine = mapLine(compiled, line, ts);
    const relTs = path.relative(ctx.rootDir, tsFile);
    if (tsLine !== undefined) return [`${relTs}, line ${tsLine}${where}`, ...excerpt(ts, tsLine)];
    return [`${relTs} (compiled line ${line})${where}`];
  }
  return [`${rel.startsWith("..") ? file : rel}:${line}:${column}${where}`];
}

/** Error content for a value thrown (or rejected) by a cell. */
export function runtimeError(thrown: unknown, ctx: SourceContext): ErrorContent {
  if (!(thrown instanceof Error) && !(thrown && typeof thrown === "object" && "stack" in thrown)) {
    const evalue = inspect(thrown, { depth: 2 });
    return { ename: "Thrown", evalue, traceback: [`Thrown: ${evalue}`, `${cellLabel(ctx)} threw a value that is not an Error`] };
  }
  const err = thrown as Error;
  const interrupted = INTERRUPT.test(String(err.message));
  const ename = interrupted ? "KeyboardInterrupt" : err.name || (err.constructor && err.constructor.name) || "Error";
  const evalue = interrupted ? "execution interrupted" : String(err.message ?? "");
  const traceback = [`${ename}: ${evalue}`];
  const frames = String(err.stack ?? "").split("\n").filter((l) => FRAME.test(l));
  let shown = 0;
  for (const frameLine of frames) {
    if (shown >= MAX_FRAMES) break;
    const m = FRAME.exec(frameLine)!;
    const described = describeFrame(ctx, m[1], m[2], Number(m[3]), Number(m[4]));
    if (!described) continue;
    traceback.push("", ...described);
    shown++;
  }
  if (shown === 0) traceback.push("", `${cellLabel(ctx)}`);
  return { ename, evalue, traceback };
}

/** Error content for TypeScript diagnostics (the cell did not run). */
export function compileError(diagnostics: readonly Diagnostic[], ctx: SourceContext): ErrorContent {
  const messages = diagnostics.map((d) => `TS${d.code}: ${d.messageText}`);
  const extra = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : "";
  const traceback = [`TSError: ${messages[0] ?? "compilation failed"}${extra}`];
  diagnostics.forEach((d, i) => {
    const line = d.start.line + 1;
    const column = d.start.character + 1;
    traceback.push("");
    if (d.fileName) {
      traceback.push(`${d.fileName}, line ${line}, column ${column}: ${messages[i]}`);
      const file = path.join(ctx.rootDir, d.fileName);
      if (fs.existsSync(file)) traceback.push(...excerpt(fs.readFileSync(file, "utf8"), line));
    } else {
      traceback.push(`${cellLabel(ctx)}, line ${line}, column ${column}: ${messages[i]}`);
      traceback.push(...excerpt(ctx.cellSource, line));
      traceback.push(" ".repeat(12 + d.start.character) + "^");
    }
  });
  return { ename: "TSError", evalue: (messages[0] ?? "compilation failed") + extra, traceback };
}
