/**
 * The Jupyter layer of the Descent kernel: sockets, signing, busy/idle, and the shell requests.
 * Shell requests run one at a time in arrival order; after a failed cell the execute requests that
 * were already queued are answered "aborted" (as IPython does), never dropped.
 */
import { inspect as inspectValue } from "util";
import { decode, encode } from "./wire";
import type { ConnectionInfo, Message } from "./wire";
import type { Engine } from "./engine";
import { CellOutput } from "./output";
import { History } from "./history";
import type { HistoryQuery } from "./history";
import { isComplete } from "./is-complete";
import { kernelInfo } from "./kernel-info";
import { mimeBundle } from "./rich";
import { OUTPUT_HOOK } from "../src/plot/display-hook";
import type { OutputHook } from "../src/plot/display-hook";

// zeromq is loaded lazily so that importing this module (in tests) stays cheap.
type Zmq = typeof import("zeromq");
type Socket = { send(frames: Buffer[]): Promise<void>; close(): void; bind(addr: string): Promise<void>; linger: number } & AsyncIterable<Buffer[]>;

export interface ServerOptions {
  connection: ConnectionInfo;
  engine: Engine;
  version: string;
  /** Where the kernel's own diagnostics go (the terminal that started it). */
  log: (text: string) => void;
  onShutdown: () => void;
}

interface Queued { socket: Socket; msg: Message }

// Long enough for requests sent together with a failing cell ("run all") to be read off the socket.
const DRAIN_MS = 30;
const PAGER_SYNTAX = /^\s*(?:\?+\s*([A-Za-z_$][\w$.]*)|([A-Za-z_$][\w$.]*)\s*\?+)\s*$/;

export class KernelServer {
  private readonly history = new History();
  private readonly output: CellOutput;
  private readonly queue: Queued[] = [];
  private readonly aborting = new Set<Message>();
  private working = false;
  private executionCount = 0;
  private sockets!: { shell: Socket; control: Socket; iopub: Socket; stdin: Socket; hb: Socket };

  constructor(private readonly options: ServerOptions) {
    this.output = new CellOutput((parent, type, content) => this.publish(parent, type, content));
  }

  async start(zmq: Zmq): Promise<void> {
    const c = this.options.connection;
    const sockets = {
      shell: new zmq.Router() as unknown as Socket,
      control: new zmq.Router() as unknown as Socket,
      iopub: new zmq.Publisher() as unknown as Socket,
      stdin: new zmq.Router() as unknown as Socket,
      hb: new zmq.Reply() as unknown as Socket,
    };
    this.sockets = sockets;
    const address = (port: number) => `${c.transport}://${c.ip}:${port}`;
    await Promise.all([
      sockets.shell.bind(address(c.shell_port)),
      sockets.control.bind(address(c.control_port)),
      sockets.iopub.bind(address(c.iopub_port)),
      sockets.stdin.bind(address(c.stdin_port)),
      sockets.hb.bind(address(c.hb_port)),
    ]);
    void this.listen(sockets.shell, (msg) => this.enqueue(sockets.shell, msg));
    void this.listen(sockets.control, (msg) => void this.dispatch(sockets.control, msg));
    void (async () => {
      for await (const frames of sockets.hb) await sockets.hb.send(frames);
    })().catch((e) => this.options.log(`heartbeat stopped: ${e}\n`));
  }

  /** Route stdout/stderr/display of running code to the cell that runs. */
  installOutputHooks(): void {
    const out = this.output;
    const writer = (name: "stdout" | "stderr") =>
      ((chunk: unknown, encoding?: unknown, cb?: unknown): boolean => {
        const text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString(typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
        out.write(name, text);
        const done = typeof encoding === "function" ? encoding : cb;
        if (typeof done === "function") (done as () => void)();
        return true;
      }) as typeof process.stdout.write;
    process.stdout.write = writer("stdout");
    process.stderr.write = writer("stderr");
    const hook: OutputHook = {
      display: (content, update) => out.display(content, update),
      clearOutput: (wait) => out.send("clear_output", { wait }),
    };
    (globalThis as Record<symbol, unknown>)[OUTPUT_HOOK] = hook;
    // tslab's own display API (tslab.display.*, tslab.newDisplay()) writes through this variable.
    (require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown }).lastWriteDisplayData = hook.display;
  }

  /** Where uncaught errors of background code go: the last cell's stderr. */
  reportBackground(kind: string, err: unknown): void {
    this.output.write("stderr", `${kind}: ${err instanceof Error ? err.stack ?? err.message : inspectValue(err)}\n`);
  }

  private async listen(socket: Socket, handle: (msg: Message) => void): Promise<void> {
    try {
      for await (const frames of socket) {
        let msg: Message;
        try {
          msg = decode(frames, this.options.connection.key);
        } catch (e) {
          this.options.log(`dropped a message: ${e instanceof Error ? e.message : e}\n`);
          continue;
        }
        handle(msg);
      }
    } catch (e) {
      this.options.log(`socket loop ended: ${e}\n`);
    }
  }

  private publish(parent: Message | null, msgType: string, content: unknown): void {
    this.sendOn(this.sockets.iopub, parent, msgType, content, []);
  }

  private reply(socket: Socket, parent: Message, content: unknown): void {
    const type = parent.header.msg_type.replace(/_request$/, "_reply");
    this.sendOn(socket, parent, type, content, parent.identities);
  }

  private sendOn(socket: Socket, parent: Message | null, msgType: string, content: unknown, ids: Buffer[]): void {
    const frames = encode(this.options.connection.key, parent as Message<unknown> | null, msgType, content, ids);
    // Sent at once (not chained on a promise) so output reaches the notebook during synchronous loops.
    socket.send(frames).catch((e: unknown) => this.options.log(`send ${msgType} failed: ${e}\n`));
  }

  private enqueue(socket: Socket, msg: Message): void {
    this.queue.push({ socket, msg });
    if (!this.working) void this.work();
  }

  private async work(): Promise<void> {
    this.working = true;
    try {
      while (this.queue.length > 0) {
        const { socket, msg } = this.queue.shift()!;
        await this.dispatch(socket, msg);
      }
    } finally {
      this.working = false;
    }
  }

  private async dispatch(socket: Socket, msg: Message): Promise<void> {
    this.publish(msg, "status", { execution_state: "busy" });
    try {
      await this.handle(socket, msg);
    } catch (e) {
      this.options.log(`error handling ${msg.header.msg_type}: ${e instanceof Error ? e.stack : e}\n`);
      this.reply(socket, msg, { status: "error", ename: "KernelError", evalue: String(e), traceback: [String(e)] });
    } finally {
      this.output.flush();
      this.publish(msg, "status", { execution_state: "idle" });
    }
  }

  private async handle(socket: Socket, msg: Message): Promise<void> {
    const content = msg.content as Record<string, unknown>;
    switch (msg.header.msg_type) {
      case "kernel_info_request":
        return this.reply(socket, msg, kernelInfo(this.options.version));
      case "execute_request":
        return this.execute(socket, msg);
      case "is_complete_request":
        return this.reply(socket, msg, isComplete(String(content.code ?? "")));
      case "complete_request": {
        const code = String(content.code ?? "");
        const r = this.options.engine.complete(code, Number(content.cursor_pos ?? code.length));
        return this.reply(socket, msg, { status: "ok", matches: r.matches, cursor_start: r.start, cursor_end: r.end, metadata: {} });
      }
      case "inspect_request": {
        const code = String(content.code ?? "");
        const text = this.options.engine.inspect(code, Number(content.cursor_pos ?? code.length));
        return this.reply(socket, msg, { status: "ok", found: text !== undefined, data: text ? { "text/plain": text } : {}, metadata: {} });
      }
      case "history_request":
        return this.reply(socket, msg, { status: "ok", history: this.history.query(content as HistoryQuery) });
      case "comm_info_request":
        return this.reply(socket, msg, { status: "ok", comms: {} });
      case "interrupt_request":
        this.options.engine.interrupt();
        return this.reply(socket, msg, { status: "ok" });
      case "shutdown_request":
        this.reply(socket, msg, { status: "ok", restart: content.restart === true });
        this.publish(msg, "status", { execution_state: "idle" });
        setTimeout(() => this.shutdown(), 50);
        return;
      case "comm_open":
      case "comm_msg":
      case "comm_close":
        return; // no comm targets: frontends treat silence as "no such target"
      default:
        if (msg.header.msg_type.endsWith("_request")) {
          const evalue = `the Descent kernel does not handle ${msg.header.msg_type}`;
          this.reply(socket, msg, { status: "error", ename: "NotImplementedError", evalue, traceback: [evalue] });
        }
    }
  }

  private shutdown(): void {
    this.options.engine.close();
    for (const s of Object.values(this.sockets)) {
      s.linger = 200;
      s.close();
    }
    this.options.onShutdown();
  }

  private async execute(socket: Socket, msg: Message): Promise<void> {
    const c = msg.content as { code?: string; silent?: boolean; store_history?: boolean; stop_on_error?: boolean };
    if (this.aborting.delete(msg)) {
      return this.reply(socket, msg, { status: "aborted", execution_count: this.executionCount });
    }
    const code = String(c.code ?? "");
    const silent = c.silent === true;
    const store = c.store_history !== false && !silent;
    if (store) this.executionCount++;
    const count = this.executionCount;
    this.output.setParent(msg);
    if (!silent) this.publish(msg, "execute_input", { code, execution_count: count });
    if (store) this.history.record(count, code);

    const pager = PAGER_SYNTAX.exec(code);
    if (pager) {
      const name = pager[1] ?? pager[2];
      const text = this.options.engine.inspect(name, name.length);
      if (text === undefined) this.output.write("stderr", `no information about \`${name}\`\n`);
      const payload = text === undefined ? [] : [{ source: "page", data: { "text/plain": text }, start: 0 }];
      return this.reply(socket, msg, { status: "ok", execution_count: count, payload, user_expressions: {} });
    }

    const outcome = await this.options.engine.run(code, count);
    this.output.flush();
    if (outcome.status === "ok") {
      if (outcome.hasValue && !silent) {
        const { data, warning } = mimeBundle(outcome.value);
        if (warning) this.output.write("stderr", `warning: ${warning}\n`);
        if (data) {
          this.output.send("execute_result", { execution_count: count, data, metadata: {} });
          if (store && typeof data["text/plain"] === "string") this.history.setOutput(count, data["text/plain"]);
        }
      }
      return this.reply(socket, msg, { status: "ok", execution_count: count, payload: [], user_expressions: {} });
    }
    const { ename, evalue, traceback } = outcome.error;
    this.output.send("error", { ename, evalue, traceback });
    this.options.log(traceback.join("\n") + "\n");
    if (c.stop_on_error !== false) {
      await new Promise((r) => setTimeout(r, DRAIN_MS));
      for (const q of this.queue) if (q.msg.header.msg_type === "execute_request") this.aborting.add(q.msg);
    }
    this.reply(socket, msg, { status: "error", execution_count: count, ename, evalue, traceback, user_expressions: {} });
  }
}
