/**
 * The page's side of the runtime: a module Worker (assets/runtime.js) started on the first run, spoken to in
 * Jupyter messages. Cells run off the main thread, so the page stays responsive during training and an
 * endless loop is stopped by terminating the worker (Stop); the next run starts a fresh one.
 */
import type { ExecuteReply, Header, Message, RuntimeInfo } from "../runtime/protocol";
import { message } from "../runtime/protocol";

export type IopubHandler = (msg: Message<Record<string, unknown>>) => void;

interface Pending {
  resolve(reply: ExecuteReply): void;
  reject(e: Error): void;
  onIopub: IopubHandler;
}

/** Thrown to a cell's caller when Stop or Restart ended the runtime while it ran or waited. */
export class RuntimeStopped extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "RuntimeStopped";
  }
}

const SESSION = `page-${Math.random().toString(36).slice(2, 10)}`;

export class RuntimeClient {
  private worker: Worker | null = null;
  private ready: Promise<RuntimeInfo> | null = null;
  private readonly pending = new Map<string, Pending>();
  private infoWaiter: ((info: RuntimeInfo) => void) | null = null;
  info: RuntimeInfo | null = null;

  constructor(private readonly onInfo: (info: RuntimeInfo) => void) {}

  get started(): boolean {
    return this.worker !== null;
  }

  /** Starts the worker (once) and resolves with what it says about tfjs's backend. */
  start(): Promise<RuntimeInfo> {
    if (this.ready) return this.ready;
    // The query travels in the worker's URL too, for code that reads its settings from `location`.
    // Pages sit at the site's root, so assets/ is relative to the page itself.
    const url = new URL(`assets/runtime.js${location.search}`, document.baseURI);
    const worker = new Worker(url, { type: "module", name: "descent-runtime" });
    this.worker = worker;
    worker.onmessage = (ev: MessageEvent<Message<Record<string, unknown>>>) => this.receive(ev.data);
    worker.onerror = (ev) => {
      ev.preventDefault();
      this.fail(new Error(`the runtime could not start: ${ev.message || "worker error"}`));
    };
    this.ready = new Promise<RuntimeInfo>((resolve) => {
      this.infoWaiter = resolve;
    });
    const base = new URL("./", document.baseURI).href;
    // The page's settings (?backend=wasm is DESCENT_BACKEND) go to the library in the worker.
    const backend = new URLSearchParams(location.search).get("backend");
    const settings: Record<string, string> = backend ? { DESCENT_BACKEND: backend } : {};
    worker.postMessage(message("shell", "kernel_info_request", { descent: { siteBase: base, settings } }, {}, SESSION));
    return this.ready;
  }

  private receive(msg: Message<Record<string, unknown>>): void {
    const type = msg.header.msg_type;
    if (type === "kernel_info_reply") {
      this.info = (msg.content.descent as RuntimeInfo) ?? { backend: "", describe: "" };
      this.onInfo(this.info);
      this.infoWaiter?.(this.info);
      this.infoWaiter = null;
      return;
    }
    const parent = msg.parent_header.msg_id;
    const p = parent ? this.pending.get(parent) : undefined;
    if (type === "execute_reply") {
      if (!p || !parent) return;
      this.pending.delete(parent);
      const backend = msg.metadata.backend;
      if (this.info && typeof backend === "string" && backend !== this.info.backend) {
        this.info = { ...this.info, backend, describe: String(msg.metadata.describe ?? this.info.describe) };
        this.onInfo(this.info);
      }
      p.resolve(msg.content as unknown as ExecuteReply);
      return;
    }
    if (p) p.onIopub(msg);
  }

  /** Runs code; outputs arrive through onIopub while it runs. Rejects with RuntimeStopped on Stop/Restart. */
  async execute(code: string, onIopub: IopubHandler): Promise<ExecuteReply> {
    await this.start();
    const worker = this.worker;
    if (!worker) throw new RuntimeStopped("the runtime was stopped");
    const msg = message("shell", "execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: false }, {}, SESSION);
    return new Promise<ExecuteReply>((resolve, reject) => {
      this.pending.set(msg.header.msg_id, { resolve, reject, onIopub });
      worker.postMessage(msg);
    });
  }

  private fail(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    if (this.infoWaiter) {
      this.info = { backend: "", describe: "", error: e.message };
      this.onInfo(this.info);
      this.infoWaiter(this.info);
      this.infoWaiter = null;
    }
  }

  /** Ends the worker at once (also in the middle of a synchronous loop); every waiting run is rejected. */
  terminate(reason: string): void {
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.ready = null;
    this.info = null;
    this.fail(new RuntimeStopped(reason));
  }
}

export type { Header };
