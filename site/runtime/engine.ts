/**
 * The in-page kernel: runs cells with the Descent kernel's semantics (see transform.ts) and reports in
 * Jupyter's message shapes (protocol.ts). It is independent of where it runs: the worker (worker.ts) gives it
 * the library and a way to post messages; the unit tests run it in Node with a stand-in library.
 */
import { format, inspect } from "./inspect";
import { CellSyntaxError, CELL, compileCell, SCOPE } from "./transform";
import type { DisplayContent, ErrorContent, ExecuteReply, ExecuteRequest, Header, Message } from "./protocol";
import { message } from "./protocol";
import { cellFrames, cellUrl, excerpt } from "./traceback";

export interface EngineOptions {
  /** The module a cell's `import … from "<specifier>"` gets; throw for unknown specifiers. */
  importModule(specifier: string): unknown;
  /** Delivers one message to the page. */
  post(msg: Message<unknown>): void;
  session?: string;
  /** How long stream text may wait before it is sent, also inside a synchronous loop (default 50 ms). */
  streamDelayMs?: number;
}

/** The hook library code finds on globalThis (src/plot/display-hook.ts: OUTPUT_HOOK). */
export const OUTPUT_HOOK = Symbol.for("descent.kernel.output");

// The constructor of async functions, to compile a cell without `eval` in the engine's own scope.
const AsyncFunction = Object.getPrototypeOf(async function () { /* prototype probe */ }).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;

export class Engine {
  private scope: Record<string, unknown> = Object.create(null);
  private executionCount = 0;
  /** Code by execution count, for tracebacks through functions of earlier cells (the last 200 kept). */
  private readonly sources = new Map<number, string>();
  private parent: Partial<Header> = {};
  private pending: { name: "stdout" | "stderr"; text: string; since: number } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly session: string;
  private readonly delay: number;

  constructor(private readonly options: EngineOptions) {
    this.session = options.session ?? "descent-page";
    this.delay = options.streamDelayMs ?? 50;
  }

  /** Routes console.log/info/debug → stdout and console.error/warn → stderr of the running cell. */
  captureConsole(target: Console): void {
    const out = (...args: unknown[]) => this.write("stdout", format(args) + "\n");
    const err = (...args: unknown[]) => this.write("stderr", format(args) + "\n");
    target.log = out;
    target.info = out;
    target.debug = out;
    target.error = err;
    target.warn = err;
  }

  /** Installs the display hook that src/plot uses for figures, live charts and progress bars. */
  installDisplayHook(global: Record<symbol, unknown>): void {
    global[OUTPUT_HOOK] = {
      display: (content: DisplayContent, update: boolean) => this.display(content, update),
      clearOutput: (wait: boolean) => {
        this.flush();
        this.iopub("clear_output", { wait });
      },
    };
  }

  /** Forgets every binding (Restart without reloading the library). */
  reset(): void {
    this.scope = Object.create(null);
    this.sources.clear();
    this.executionCount = 0;
  }

  /** Names bound at the top level so far (for tests and completion). */
  bindings(): string[] {
    return Object.keys(this.scope);
  }

  write(name: "stdout" | "stderr", text: string): void {
    if (this.pending && this.pending.name !== name) this.flush();
    if (!this.pending) this.pending = { name, text: "", since: Date.now() };
    this.pending.text += text;
    // Inside a long synchronous loop no timer fires: send from here once the text is old enough.
    if (Date.now() - this.pending.since >= this.delay) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.delay);
  }

  /** A line on stderr of the request `parent` (e.g. the runtime's own notes after a cell ended). */
  note(parent: Partial<Header>, text: string): void {
    this.flush();
    const saved = this.parent;
    this.parent = parent;
    this.write("stderr", text.endsWith("\n") ? text : text + "\n");
    this.flush();
    this.parent = saved;
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const p = this.pending;
    this.pending = null;
    if (p && p.text) this.iopub("stream", { name: p.name, text: p.text });
  }

  display(content: DisplayContent, update: boolean): void {
    this.flush();
    const c = { data: content.data, metadata: content.metadata ?? {}, transient: content.transient ?? {} };
    this.iopub(update ? "update_display_data" : "display_data", c);
  }

  private iopub(type: string, content: unknown): void {
    this.options.post(message("iopub", type, content, this.parent, this.session));
  }

  /** Runs one execute_request; every output goes out as iopub messages with `parent` as parent_header. */
  async execute(request: ExecuteRequest, parent: Partial<Header>): Promise<ExecuteReply> {
    this.parent = parent;
    this.iopub("status", { execution_state: "busy" });
    const count = request.store_history === false ? this.executionCount : ++this.executionCount;
    this.iopub("execute_input", { code: request.code, execution_count: count });
    let reply: ExecuteReply;
    try {
      const value = await this.run(request.code, count);
      this.flush();
      if (value.present && !request.silent) this.result(value.value, count);
      reply = { status: "ok", execution_count: count, payload: [], user_expressions: {} };
    } catch (thrown) {
      this.flush();
      const error = this.describeError(thrown, request.code, count);
      this.iopub("error", error);
      reply = { status: "error", execution_count: count, user_expressions: {}, ...error };
    }
    this.flush();
    this.iopub("status", { execution_state: "idle" });
    return reply;
  }

  private async run(code: string, count: number): Promise<{ present: boolean; value?: unknown }> {
    const compiled = compileCell(code);
    this.sources.set(count, code);
    if (this.sources.size > 200) this.sources.delete(this.sources.keys().next().value as number);
    for (const name of compiled.declared) if (!(name in this.scope)) this.scope[name] = undefined;
    let result: { present: boolean; value?: unknown } = { present: false };
    const cell = {
      import: (specifier: string) => this.options.importModule(specifier),
      importDefault: (specifier: string) => {
        const m = this.options.importModule(specifier) as { default?: unknown };
        return m && typeof m === "object" && "default" in m ? m.default : m;
      },
      result: (v: unknown) => {
        result = { present: true, value: v };
      },
    };
    const fn = new AsyncFunction(SCOPE, CELL, `${compiled.body}\n//# sourceURL=${cellUrl(count)}`);
    await fn(this.scope, cell);
    return result;
  }

  /** execute_result, as the kernel sends it: toMimeBundle() when the value has one (null: it showed itself). */
  private result(value: unknown, count: number): void {
    if (value === undefined) return;
    let data: Record<string, unknown> | null;
    const shows = value !== null && (typeof value === "object" || typeof value === "function") &&
      typeof (value as { toMimeBundle?: unknown }).toMimeBundle === "function";
    if (shows) {
      try {
        const bundle = (value as { toMimeBundle(): Record<string, unknown> | null }).toMimeBundle();
        data = bundle === null ? null : { ...bundle };
        if (data && typeof data["text/plain"] !== "string") data["text/plain"] = inspect(value);
      } catch (e) {
        this.write("stderr", `warning: toMimeBundle() threw: ${e instanceof Error ? e.message : inspect(e)}\n`);
        this.flush();
        data = { "text/plain": inspect(value) };
      }
    } else {
      data = { "text/plain": inspect(value) };
    }
    if (data) this.iopub("execute_result", { execution_count: count, data, metadata: {} });
  }

  private describeError(thrown: unknown, code: string, count: number): ErrorContent {
    const label = `Cell In[${count}]`;
    if (thrown instanceof CellSyntaxError) {
      return {
        ename: "SyntaxError",
        evalue: thrown.message,
        traceback: [`SyntaxError: ${thrown.message}`, "", `${label}, line ${thrown.line}`, ...excerpt(code, thrown.line), " ".repeat(12 + thrown.column) + "^"],
      };
    }
    if (!(thrown instanceof Error)) {
      const evalue = inspect(thrown);
      return { ename: "Thrown", evalue, traceback: [`Thrown: ${evalue}`, `${label} threw a value that is not an Error`] };
    }
    const ename = thrown.name || "Error";
    const traceback = [`${ename}: ${thrown.message}`];
    const frames = cellFrames(String(thrown.stack ?? ""), (n) => this.sources.get(n));
    for (const f of frames) traceback.push("", `Cell In[${f.count}], line ${f.line}${f.fn ? `, in ${f.fn}` : ""}`, ...excerpt(this.sources.get(f.count)!, f.line));
    if (frames.length === 0) traceback.push("", label);
    return { ename, evalue: thrown.message, traceback };
  }
}

