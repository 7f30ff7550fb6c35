"use strict";
/**
 * The grading sandbox: runs inside a child process that grade.ts starts per submission with Node's
 * permission model (no file reads or writes, no child processes), an empty working directory, no
 * network (where `unshare` works) and an unprivileged user (where the grader is root). It receives
 * everything over IPC and reads no file. This file is transpiled and run with `node -e`; it may import
 * only Node's `vm` and `worker_threads`.
 *
 * Two realms per submission, in two threads (two V8 isolates):
 * - the student thread (a worker with its own heap limit) runs the submission's cells in one vm
 *   context that has no `require`, `process`, file or network access, no eval/new Function, and
 *   its own copy of the library's pure modules (loaded on first use; no tfjs, plots or files);
 * - this main thread runs each check cell in a FRESH vm context with a fresh copy of the checkers and
 *   fresh built-ins. The student's functions appear there as stubs: a call sends its arguments to
 *   the student thread as JSON, the student's function runs there, and its result comes back as
 *   JSON read once (a proxy or getter can answer only once; an object with valueOf is not a number).
 * Calls block on a SharedArrayBuffer with a deadline, so an endless loop costs its cell's limit.
 */
import * as vm from "vm";
import { MessageChannel, MessagePort, Worker, isMainThread, parentPort, receiveMessageOnPort, workerData } from "worker_threads";
import { PRELUDE, TAG } from "./prelude";

// ---- shared by both threads -------------------------------------------------------------------

export interface SandboxModule { id: string; code: string; requires: Record<string, string | null>; cache?: Uint8Array }

export interface RealmConfig {
  outputLimit: number;
  forbidden: string[];
  namespace: Record<string, string>;
  named: Record<string, [string, string]>;
  stars: string[];
  entries: Record<string, string>;
  importFunction: string;
  runKey: string;
}

interface RealmApi {
  register(id: string, factory: unknown, requiresJson: string): void;
  prepareCall(fn: unknown, argsJson: string): void;
  outcomeOk(): boolean;
  outcomeValue(): unknown;
  outcomeError(): unknown;
  describe(e: unknown): unknown;
  defineGlobal(name: string, json: string): void;
  defineStub(name: string): void;
  takeOutput(): unknown;
  takeForbidden(): unknown;
}

interface Realm { context: vm.Context; api: RealmApi; config: RealmConfig }

const MAX_NODES = 2_000_000;
const MAX_DEPTH = 64;
const MAX_STRING = 10_000;

/** A fresh context: no host object inside (a null-prototype global template), no code from strings. */
function makeRealm(config: RealmConfig, modules: SandboxModule[], hostCall: (id: string, args: unknown) => string): Realm {
  const context = vm.createContext(Object.create(null), { codeGeneration: { strings: false, wasm: false }, microtaskMode: "afterEvaluate" });
  const factory = new vm.Script(PRELUDE, { filename: "descent-prelude.js" }).runInContext(context) as (c: string, h: unknown, l: unknown) => RealmApi;
  // Compiles a library module into this context when the context first needs it. Never throws,
  // returns a primitive: it is called from inside the context.
  const hostLoad = (id: unknown): boolean => {
    try {
      const m = typeof id === "string" ? moduleIndex(modules).get(id) : undefined;
      if (!m) return false;
      api.register(m.id, compiledModule(m).runInContext(context), JSON.stringify(m.requires));
      return true;
    } catch {
      return false;
    }
  };
  const api = factory(JSON.stringify(config), hostCall, hostLoad);
  return { context, api, config };
}

const indexes = new WeakMap<SandboxModule[], Map<string, SandboxModule>>();
function moduleIndex(modules: SandboxModule[]): Map<string, SandboxModule> {
  let index = indexes.get(modules);
  if (!index) indexes.set(modules, (index = new Map(modules.map((m) => [m.id, m]))));
  return index;
}

const moduleScripts = new Map<string, vm.Script>();
function compiledModule(m: SandboxModule): vm.Script {
  let s = moduleScripts.get(m.id);
  if (!s) {
    // With V8's code cache (made once per sandbox process) a fresh student thread skips parsing the library.
    s = new vm.Script(`(function (exports, require, module) {${m.code}\n})`, { filename: m.id, cachedData: m.cache ? Buffer.from(m.cache) : undefined });
    moduleScripts.set(m.id, s);
  }
  return s;
}

/** The modules with V8 code caches, for the student threads. */
function withCodeCache(modules: SandboxModule[]): SandboxModule[] {
  return modules.map((m) => ({ ...m, cache: new Uint8Array(compiledModule(m).createCachedData()) }));
}

const str = (v: unknown, fallback: string): string => (typeof v === "string" ? v : fallback);

/** The message of a thrown value without running any of its code (this realm's errors only). */
function hostMessage(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return typeof e === "string" ? e : "unknown error";
}

/**
 * Encodes a value as JSON, reading each property exactly once. Typed arrays become arrays; numbers
 * that JSON cannot carry, undefined and functions become tagged objects. `onFunction` gives the
 * tag for a function (a callback id), or null to refuse it.
 */
function encode(value: unknown, onFunction: (fn: unknown) => string | null): string {
  let nodes = 0;
  const walk = (v: unknown, depth: number): string => {
    if (++nodes > MAX_NODES) throw new Error(`the value is too large (over ${MAX_NODES} entries)`);
    if (depth > MAX_DEPTH) throw new Error(`the value is nested too deeply (over ${MAX_DEPTH} levels, or circular)`);
    switch (typeof v) {
      case "number":
        if (Number.isNaN(v)) return `{"${TAG}":"NaN"}`;
        if (v === Infinity || v === -Infinity) return `{"${TAG}":"${v > 0 ? "Infinity" : "-Infinity"}"}`;
        if (Object.is(v, -0)) return `{"${TAG}":"-0"}`;
        return JSON.stringify(v);
      case "boolean":
        return v ? "true" : "false";
      case "string":
        return JSON.stringify(v.length > MAX_STRING ? v.slice(0, MAX_STRING) + "…" : v);
      case "undefined":
        return `{"${TAG}":"undefined"}`;
      case "function": {
        const id = onFunction(v);
        return id === null ? `{"${TAG}":"function"}` : `{"${TAG}":"fn","id":${JSON.stringify(id)}}`;
      }
      case "object": {
        if (v === null) return "null";
        if (ArrayBuffer.isView(v)) {
          const view = v as unknown as ArrayLike<unknown>;
          const n = Number(view.length);
          if (!(n >= 0 && n <= MAX_NODES)) throw new Error("a typed array with an unreadable length");
          const parts: string[] = [];
          for (let i = 0; i < n; i++) parts.push(walk(view[i], depth + 1));
          return `[${parts.join(",")}]`;
        }
        if (Array.isArray(v)) {
          const n = v.length;
          if (typeof n !== "number" || !(n >= 0 && n <= MAX_NODES)) throw new Error("an array with an unreadable length");
          const parts: string[] = [];
          for (let i = 0; i < n; i++) parts.push(walk(v[i], depth + 1));
          return `[${parts.join(",")}]`;
        }
        const parts: string[] = [];
        for (const k of Object.keys(v)) {
          if (k === TAG) continue;
          parts.push(`${JSON.stringify(k)}:${walk((v as Record<string, unknown>)[k], depth + 1)}`);
        }
        return `{${parts.join(",")}}`;
      }
      default:
        return `{"${TAG}":${JSON.stringify(typeof v)}}`;
    }
  };
  return walk(value, 0);
}

// Slots of the shared Int32Array: a counter bumped by each side after it posts a message, and a
// flag the sentinel sets when the student thread is gone (out of memory, terminated).
const TO_HOST = 0;
const TO_WORKER = 1;
const DEAD = 2;

// ---- the student thread -----------------------------------------------------------------------

interface StudentInit { role: "student"; port: MessagePort; control: SharedArrayBuffer; config: RealmConfig; modules: SandboxModule[] }

function studentThread(init: StudentInit): void {
  const control = new Int32Array(init.control);
  const port = init.port;
  let seenFromHost = 0;
  const post = (message: unknown) => {
    port.postMessage(message);
    Atomics.add(control, TO_HOST, 1);
    Atomics.notify(control, TO_HOST);
  };
  // A check's callback (e.g. the gradient oracle of Nesterov's step), called by the student's code.
  const callHost = (id: string, args: unknown): string => {
    try {
      post({ type: "callback", id, args: encode(args, () => null) });
      for (;;) {
        if (Atomics.load(control, TO_WORKER) === seenFromHost) Atomics.wait(control, TO_WORKER, seenFromHost, 60_000);
        const got = receiveMessageOnPort(port);
        if (!got) continue;
        seenFromHost++;
        const m = got.message as { value?: string; error?: string };
        return typeof m.value === "string" ? "R" + m.value : "E" + str(m.error, "the check's function failed");
      }
    } catch (e) {
      return "E" + hostMessage(e);
    }
  };
  const realm = makeRealm(init.config, init.modules, callHost);
  const runScript = new vm.Script(`globalThis[${JSON.stringify(init.config.runKey)}]()`);
  const lookups = new Map<string, vm.Script>();
  const drain = () => ({ output: str(realm.api.takeOutput(), ""), forbidden: str(realm.api.takeForbidden(), "") });
  const handle = (req: { type: string; js?: string; name?: string; args?: string; timeoutMs: number; filename?: string }): Record<string, unknown> => {
    try {
      if (req.type === "cell") {
        const script = new vm.Script(req.js!, { filename: req.filename ?? "cell.js" });
        script.runInContext(realm.context, { timeout: req.timeoutMs });
        return { ok: true, ...drain() };
      }
      let lookup = lookups.get(req.name!);
      if (!lookup) lookups.set(req.name!, (lookup = new vm.Script(`typeof ${req.name} === "undefined" ? undefined : ${req.name}`)));
      const value = lookup.runInContext(realm.context, { timeout: req.timeoutMs });
      if (req.type === "kind") {
        if (typeof value === "function") return { ok: true, kind: "function", ...drain() };
        return { ok: true, kind: "value", value: encode(value, () => null), ...drain() };
      }
      // "call"
      if (typeof value !== "function") return { ok: false, error: `${req.name} is not a function`, ...drain() };
      realm.api.prepareCall(value, req.args!);
      runScript.runInContext(realm.context, { timeout: req.timeoutMs });
      if (realm.api.outcomeOk() === true) return { ok: true, value: encode(realm.api.outcomeValue(), () => null), ...drain() };
      return { ok: false, error: str(realm.api.outcomeError(), "the function failed"), ...drain() };
    } catch (e) {
      // vm's time-out error does not always come from this realm's Error: recognize it by its text.
      const message = e instanceof Error ? e.message : typeof e === "string" ? e : str(realm.api.describe(e), "an error");
      const timeout = /Script execution timed out/.test(message);
      return { ok: false, timeout, error: timeout ? `did not finish within ${req.timeoutMs / 1000} s` : message, ...drain() };
    }
  };
  port.on("message", (req) => post({ type: "reply", ...handle(req) }));
  post({ type: "ready" });
}

// ---- the sentinel thread -------------------------------------------------------------------------

/**
 * Parent of the student threads. The main thread blocks while a check calls the student's code, so
 * it cannot hear that a student thread died (its heap limit); this thread's event loop never blocks,
 * and it raises DEAD in the shared buffer at once.
 */
function sentinelThread(): void {
  const threads = new Map<number, Worker>();
  parentPort!.on("message", (m: { type: string; id: number; source?: string; init?: StudentInit; limits?: Record<string, number> }) => {
    if (m.type === "spawn") {
      const control = new Int32Array(m.init!.control);
      const w = new Worker(m.source!, { eval: true, workerData: m.init, transferList: [m.init!.port], resourceLimits: m.limits, stdout: true, stderr: true });
      threads.set(m.id, w);
      w.on("error", () => undefined);
      w.on("exit", () => {
        threads.delete(m.id);
        Atomics.store(control, DEAD, 1);
        Atomics.add(control, TO_HOST, 1);
        Atomics.notify(control, TO_HOST);
      });
    } else if (m.type === "kill") void threads.get(m.id)?.terminate();
  });
}

let sentinel: Worker | undefined;
let nextThreadId = 1;

// ---- the main thread: checks --------------------------------------------------------------------

export interface StudentStep { kind: "student"; label: string; js?: string; problem?: string; forbidden?: boolean }
export interface CheckStep { kind: "check"; gradeId: string; visible: string; hidden?: string; needs: string[] }
export type Step = StudentStep | CheckStep;

export interface SandboxJob {
  steps: Step[];
  modules: SandboxModule[];
  studentConfig: RealmConfig;
  checkConfig: RealmConfig;
  cellTimeoutMs: number;
  heapMb: number;
  workerSource: string;
}

export type StepResult =
  | { kind: "student"; index: number; ok: boolean; timeout?: boolean; error?: string; output: string; forbidden: string[] }
  | { kind: "check"; index: number; gradeId: string; status: "passed" | "failed" | "timeout"; message?: string; hiddenFailed?: boolean; output: string; forbidden: string[] };

class StudentThread {
  private readonly id = nextThreadId++;
  private port: MessagePort;
  private control: Int32Array;
  private seen = 0;
  dead = false;

  private readonly heapMb: number;

  constructor(job: SandboxJob, private readonly onCallback: (id: string, args: string) => { value?: string; error?: string }) {
    this.heapMb = job.heapMb;
    const channel = new MessageChannel();
    const shared = new SharedArrayBuffer(12);
    this.control = new Int32Array(shared);
    this.port = channel.port1;
    const init: StudentInit = { role: "student", port: channel.port2, control: shared, config: job.studentConfig, modules: job.modules };
    if (!sentinel) {
      sentinel = new Worker(job.workerSource, { eval: true, workerData: { role: "sentinel" } });
      sentinel.unref();
    }
    const limits = { maxOldGenerationSizeMb: job.heapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 };
    sentinel.postMessage({ type: "spawn", id: this.id, source: job.workerSource, init, limits }, [channel.port2]);
    const ready = this.wait(Date.now() + 30_000);
    if (ready.type !== "ready") this.kill();
  }

  /** Waits for the student thread's next message, answering its callbacks meanwhile. */
  private wait(deadline: number): Record<string, unknown> {
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return { type: "timeout" };
      if (Atomics.load(this.control, TO_HOST) === this.seen) Atomics.wait(this.control, TO_HOST, this.seen, Math.min(remaining, 250));
      const got = receiveMessageOnPort(this.port);
      if (!got) {
        if (Atomics.load(this.control, DEAD) === 1) {
          this.dead = true;
          return { type: "dead" };
        }
        continue;
      }
      this.seen++;
      const m = got.message as Record<string, unknown>;
      if (m.type !== "callback") return m;
      this.port.postMessage(this.onCallback(str(m.id, ""), str(m.args, "[]")));
      Atomics.add(this.control, TO_WORKER, 1);
      Atomics.notify(this.control, TO_WORKER);
    }
  }

  request(req: Record<string, unknown>, timeoutMs: number): Record<string, unknown> {
    if (this.dead) return { ok: false, dead: true, error: "the submission's thread was stopped" };
    this.port.postMessage({ ...req, timeoutMs });
    // vm's own timeout stops a loop inside the thread; this deadline covers a thread that no longer answers (out of memory).
    const reply = this.wait(Date.now() + timeoutMs + 2000);
    if (reply.type === "timeout") {
      this.kill();
      return { ok: false, timeout: true, error: `did not finish within ${Math.round(timeoutMs) / 1000} s` };
    }
    if (reply.type === "dead") return { ok: false, dead: true, error: `the submission's thread stopped: it ran out of its ${this.heapMb} MB of memory` };
    return reply;
  }

  kill(): void {
    this.dead = true;
    sentinel?.postMessage({ type: "kill", id: this.id });
  }
}

function splitLines(text: string): string[] {
  return text.split("\n").filter((l) => l.length > 0);
}

async function gradeJob(job: SandboxJob, send: (r: StepResult) => void): Promise<void> {
  const callbacks = new Map<string, unknown>();
  let checkRealm: Realm | undefined;
  const onCallback = (id: string, args: string): { value?: string; error?: string } => {
    const fn = callbacks.get(id);
    if (typeof fn !== "function" || !checkRealm) return { error: "unknown callback" };
    try {
      checkRealm.api.prepareCall(fn, args);
      new vm.Script(`globalThis[${JSON.stringify(checkRealm.config.runKey)}]()`).runInContext(checkRealm.context, { timeout: job.cellTimeoutMs });
      if (checkRealm.api.outcomeOk()) return { value: encode(checkRealm.api.outcomeValue(), () => null) };
      return { error: str(checkRealm.api.outcomeError(), "the check's function failed") };
    } catch (e) {
      return { error: hostMessage(e) };
    }
  };
  let student: StudentThread | undefined;
  const replay: string[] = [];
  const alive = (): StudentThread => {
    if (student && !student.dead) return student;
    student = new StudentThread(job, onCallback);
    for (const js of replay) student.request({ type: "cell", js }, job.cellTimeoutMs);
    return student;
  };
  for (let index = 0; index < job.steps.length; index++) {
    const step = job.steps[index];
    if (step.kind === "student") {
      if (!step.js) {
        send({ kind: "student", index, ok: false, error: step.problem ?? "not runnable", output: "", forbidden: step.forbidden ? [step.problem ?? ""] : [] });
        continue;
      }
      const r = alive().request({ type: "cell", js: step.js, filename: step.label }, job.cellTimeoutMs);
      if (r.ok === true) replay.push(step.js);
      send({ kind: "student", index, ok: r.ok === true, timeout: r.timeout === true, error: r.ok === true ? undefined : str(r.error, "failed"), output: str(r.output, ""), forbidden: splitLines(str(r.forbidden, "")) });
    } else {
      send(runCheck(step, index));
    }
    await new Promise((resolve) => setImmediate(resolve)); // let the result reach the grader now
  }

  function runCheck(step: CheckStep, index: number): StepResult {
    const started = Date.now();
    const budget = () => Math.max(1, job.cellTimeoutMs - (Date.now() - started));
    let timedOut = false;
    const forbidden: string[] = [];
    let output = "";
    const thread = alive();
    callbacks.clear();
    const realm = makeRealm(job.checkConfig, job.modules, (name: string, args: unknown): string => {
      try {
        const encoded = encode(args, (fn) => {
          const id = `cb${callbacks.size}`;
          callbacks.set(id, fn);
          return id;
        });
        const r = thread.request({ type: "call", name, args: encoded }, budget());
        output += str(r.output, "");
        forbidden.push(...splitLines(str(r.forbidden, "")));
        if (r.ok === true) return "R" + str(r.value, "null");
        if (r.timeout === true) {
          timedOut = true;
          return "T" + `did not finish within the ${job.cellTimeoutMs / 1000} s limit of a check cell`;
        }
        if (r.dead === true) {
          timedOut = true;
          return "T" + str(r.error, "the submission's thread stopped");
        }
        return "E" + str(r.error, "the function failed");
      } catch (e) {
        return "E" + hostMessage(e);
      }
    });
    checkRealm = realm;
    for (const name of step.needs) {
      const k = thread.request({ type: "kind", name }, budget());
      if (k.ok !== true) continue;
      if (k.kind === "function") realm.api.defineStub(name);
      else if (typeof k.value === "string" && !k.value.includes(`"${TAG}":"undefined"`)) realm.api.defineGlobal(name, k.value);
    }
    const run = (js: string): string | null => {
      try {
        new vm.Script(js, { filename: `${step.gradeId}.js` }).runInContext(realm.context, { timeout: budget() + 1000 });
        return null;
      } catch (e) {
        if (e instanceof Error && /Script execution timed out/.test(e.message)) {
          timedOut = true;
          return `the check did not finish within ${job.cellTimeoutMs / 1000} s`;
        }
        return str(realm.api.describe(e), hostMessage(e));
      }
    };
    const visible = run(step.visible);
    const hidden = visible === null && step.hidden ? run(step.hidden) : null;
    output = str(realm.api.takeOutput(), "") + output;
    checkRealm = undefined;
    const message = visible ?? hidden ?? undefined;
    const status = message === undefined ? "passed" : timedOut ? "timeout" : "failed";
    return { kind: "check", index, gradeId: step.gradeId, status, message, hiddenFailed: visible === null && hidden !== null, output, forbidden };
  }
  student?.kill();
}

// ---- entry ------------------------------------------------------------------------------------

if (!isMainThread && (workerData as StudentInit | undefined)?.role === "student") {
  studentThread(workerData as StudentInit);
} else if (!isMainThread && (workerData as { role?: string } | undefined)?.role === "sentinel") {
  sentinelThread();
} else if (isMainThread && typeof process.send === "function") {
  // One process grades submissions one after another (each with a fresh thread and fresh contexts);
  // the grader replaces it after a submission that hit a limit or tried something forbidden.
  let shared: { modules: SandboxModule[]; workerSource: string } | undefined;
  const send = (m: unknown) => process.send!(m);
  process.on("message", (m: { type: string; id?: number; job?: Omit<SandboxJob, "modules" | "workerSource">; modules?: SandboxModule[]; workerSource?: string }) => {
    if (m.type === "init") shared = { modules: withCodeCache(m.modules!), workerSource: m.workerSource! };
    else if (m.type === "job" && shared) {
      const id = m.id;
      gradeJob({ ...m.job!, ...shared }, (r) => send({ type: "step", id, result: r }))
        .catch((e) => send({ type: "crash", id, error: hostMessage(e) }))
        .finally(() => send({ type: "done", id }));
    }
  });
  process.on("disconnect", () => process.exit(0));
}
