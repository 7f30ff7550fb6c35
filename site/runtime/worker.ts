/**
 * The runtime's Web Worker (bundled as assets/runtime.js with the library): the engine, the library behind
 * `import * as d from "./src"`, the display hook, tfjs's backend choice, and the fallback to the next backend
 * when the one in use fails in the middle of a run. Requests are answered one at a time, in order.
 */
import * as library from "descent-library";
import { Engine } from "./engine";
import { backendFailure, nextBackends } from "./fallback";
import type { ExecuteReply, ExecuteRequest, Message, RuntimeInfo } from "./protocol";
import { message } from "./protocol";

interface WorkerScope {
  postMessage(msg: unknown): void;
  onmessage: ((ev: MessageEvent<Message<Record<string, unknown>>>) => void) | null;
}

interface TfFacade {
  ready(options?: { backend?: string }): Promise<unknown>;
  describe(): string;
  tf: { getBackend(): string };
}

const scope = self as unknown as WorkerScope;

/**
 * Node's setImmediate, which code written for the kernel uses to yield to the event loop (d.train.fit between
 * batches): a MessageChannel task, so a yield costs no 4 ms timer clamp.
 */
function installSetImmediate(global: Record<string, unknown>): void {
  if (typeof global.setImmediate === "function") return;
  const channel = new MessageChannel();
  const queue: (() => void)[] = [];
  channel.port1.onmessage = () => queue.shift()?.();
  global.setImmediate = (fn: (...args: unknown[]) => void, ...args: unknown[]) => {
    queue.push(() => fn(...args));
    channel.port2.postMessage(0);
  };
}
installSetImmediate(globalThis as unknown as Record<string, unknown>);
interface BrowserOptions {
  baseUrl: string;
  wasmPath: string;
  settings: Record<string, string>;
}

const lib = library as unknown as { tf: TfFacade; configureBrowser?: (o: BrowserOptions) => void };
/** Where the site is and what the page asked for (set by the first kernel_info_request). */
let site: BrowserOptions | null = null;
const SESSION = "descent-runtime";
const LIBRARY_SPECIFIERS = new Set(["./src", "./src/index", "./src/index.ts", "./src/"]);

const engine = new Engine({
  importModule(specifier) {
    if (LIBRARY_SPECIFIERS.has(specifier)) return library;
    throw new Error(`Cannot find module '${specifier}': in the browser a cell can import only the Descent library, as import * as d from "./src"`);
  },
  post: (msg) => scope.postMessage(msg),
  session: SESSION,
});
engine.captureConsole(console);
engine.installDisplayHook(globalThis as unknown as Record<symbol, unknown>);

function backendNow(): string {
  try {
    return lib.tf.tf.getBackend() ?? "";
  } catch {
    return "";
  }
}

function describeNow(): string {
  try {
    return lib.tf.describe();
  } catch (e) {
    return `tfjs: ${(e as Error).message}`;
  }
}

async function start(siteBase: string, settings: Record<string, string>): Promise<RuntimeInfo> {
  try {
    // The worker's own location is assets/runtime.js: tell the library where the site root is.
    site = { baseUrl: siteBase, wasmPath: new URL("assets/tfjs-wasm/", siteBase).href, settings };
    lib.configureBrowser?.(site);
    await lib.tf.ready();
    return { backend: backendNow(), describe: describeNow() };
  } catch (e) {
    return { backend: backendNow(), describe: describeNow(), error: (e as Error).message };
  }
}

/** After a cell failed because its backend broke: the next backend that works, with a note in the cell. */
async function fallBack(reply: ExecuteReply, parent: Message["header"]): Promise<void> {
  if (reply.status !== "error") return;
  const from = backendNow();
  if (!backendFailure(from, `${reply.ename}: ${reply.evalue}\n${reply.traceback.join("\n")}`)) return;
  for (const to of nextBackends(from)) {
    try {
      // Later cells that call d.tf.ready() get the new backend, not the broken one the page asked for.
      if (site) lib.configureBrowser?.({ ...site, settings: { ...site.settings, DESCENT_BACKEND: to } });
      await lib.tf.ready({ backend: to });
      engine.note(parent, `The tfjs backend '${from}' failed during this cell (${reply.evalue}); switched to '${to}'. Run the cell again.`);
      return;
    } catch {
      // that one is not usable either: try the next
    }
  }
  engine.note(parent, `The tfjs backend '${from}' failed during this cell (${reply.evalue}) and no other backend works here.`);
}

let queue: Promise<unknown> = Promise.resolve();

scope.onmessage = (ev) => {
  const msg = ev.data;
  queue = queue.then(async () => {
    if (msg.header.msg_type === "kernel_info_request") {
      const descent = (msg.content.descent ?? {}) as { siteBase?: string; settings?: Record<string, string> };
      const info = await start(descent.siteBase ?? new URL("../", location.href).href, descent.settings ?? {});
      scope.postMessage(message("shell", "kernel_info_reply", {
        status: "ok",
        protocol_version: "5.3",
        implementation: "descent-page",
        implementation_version: "1",
        language_info: { name: "typescript", version: "es2022", mimetype: "text/typescript", file_extension: ".ts" },
        banner: "Descent in the browser",
        descent: info,
      }, msg.header, SESSION));
      return;
    }
    if (msg.header.msg_type === "execute_request") {
      const reply = await engine.execute(msg.content as unknown as ExecuteRequest, msg.header);
      await fallBack(reply, msg.header);
      scope.postMessage(message("shell", "execute_reply", reply, msg.header, SESSION, { backend: backendNow(), describe: describeNow() }));
    }
  });
};
