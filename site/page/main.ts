/**
 * The page script (assets/page.js, small and eager): draws the build-time figures as the reader comes near
 * them (lazy-figures.ts), makes every code cell editable and runnable, and exposes the page API
 * `window.descent` (README, "Authors"). The runtime (tfjs, the TypeScript transpiler, the library) and the
 * editor load only when the reader first runs or edits a cell.
 */
import { CodeCell, loadEditor } from "./cells";
import { notebookWithReaderCells, NotebookJson, saveFile } from "./download";
import { drawStaticFigures } from "./lazy-figures";
import { OutputArea } from "./outputs";
import { RuntimeClient, RuntimeStopped } from "./runtime-client";
import { PageStore } from "./storage";
import { isCheckCell, progressText, type NbgraderMeta } from "./progress";
import type { Message, RuntimeInfo } from "../runtime/protocol";

export interface CellResult {
  ok: boolean;
  /** Exactly what the cell printed to stdout. */
  text: string;
  error?: string;
}

export interface DescentPageApi {
  runAll(): Promise<CellResult[]>;
  run(index: number): Promise<CellResult>;
  setSource(index: number, code: string): void;
  backend(): string;
}

declare global {
  interface Window {
    descent: DescentPageApi;
  }
}

const body = document.body;
const notebookName = body.dataset.notebook ?? "notebook";
const template = JSON.parse(document.getElementById("descent-notebook")!.textContent!) as NotebookJson;
const store = new PageStore(notebookName);
const status = document.querySelector<HTMLElement>(".toolbar .status")!;
const stopButton = document.querySelector<HTMLButtonElement>('[data-action="stop"]')!;

const runtime = new RuntimeClient(showRuntime);
let generation = 0;
let queue: Promise<unknown> = Promise.resolve();
let running = 0;

function setStatus(text: string, kind: "info" | "busy" | "warning" = "info"): void {
  status.textContent = text;
  status.dataset.kind = kind;
}

function showRuntime(info: RuntimeInfo): void {
  if (info.error) setStatus(`The runtime failed to start: ${info.error}`, "warning");
  else setStatus(`Running in your browser · ${info.describe || `tfjs backend: ${info.backend}`}`);
  body.dataset.backend = info.backend;
}

// ---- cells --------------------------------------------------------------------------------------------
const codeTemplates = template.cells.filter((c) => c.cell_type === "code");
const cells: CodeCell[] = Array.from(document.querySelectorAll<HTMLElement>("section.cell.code")).map((section) => {
  const index = Number(section.dataset.index);
  const t = codeTemplates[index];
  const nbgrader = (t.metadata.nbgrader ?? {}) as NbgraderMeta;
  const original = Array.isArray(t.source) ? t.source.join("") : t.source;
  const cell: CodeCell = new CodeCell(section, {
    index,
    key: t.id ?? `cell-${index}`,
    gradeId: nbgrader.grade_id,
    isCheck: isCheckCell(nbgrader),
    locked: section.hasAttribute("data-locked"),
  }, original, store, () => void run(index, { advance: true }));
  section.querySelector("button.run")!.addEventListener("click", () => void run(index));
  section.querySelector("button.use-solution")?.addEventListener("click", () => {
    const solution = section.querySelector(".solution pre")!.textContent ?? "";
    cell.setSource(solution);
    void cell.activate(false);
  });
  return cell;
});

function showProgress(): void {
  const progress = store.progress();
  const checks = cells.filter((c) => c.meta.isCheck && c.meta.gradeId);
  for (const c of checks) c.showVerdict(progress[c.meta.gradeId!]?.passed);
  const passed = checks.filter((c) => progress[c.meta.gradeId!]?.passed).length;
  const el = document.querySelector<HTMLElement>(".toolbar .progress");
  if (el && checks.length) el.textContent = progressText(passed, checks.length);
}

// ---- running ------------------------------------------------------------------------------------------
function route(area: OutputArea, msg: Message<Record<string, unknown>>): void {
  const c = msg.content;
  switch (msg.header.msg_type) {
    case "stream": area.stream(String(c.name), String(c.text)); break;
    case "display_data": area.display(c.data as Record<string, unknown>, (c.metadata ?? {}) as Record<string, unknown>, (c.transient as { display_id?: string } | undefined)?.display_id); break;
    case "update_display_data": OutputArea.update((c.transient as { display_id: string }).display_id, c.data as Record<string, unknown>, (c.metadata ?? {}) as Record<string, unknown>); break;
    case "execute_result": area.display(c.data as Record<string, unknown>, (c.metadata ?? {}) as Record<string, unknown>, undefined, Number(c.execution_count)); break;
    case "error": area.error(String(c.ename), String(c.evalue), (c.traceback as string[]) ?? []); break;
    case "clear_output": area.clearOutput(c.wait === true); break;
    default: break;
  }
}

async function execute(cell: CodeCell, mine: number): Promise<CellResult> {
  if (mine !== generation) {
    cell.setPrompt("idle");
    return { ok: false, text: "", error: "Stopped before this cell ran" };
  }
  cell.setPrompt("running");
  if (!runtime.started) setStatus("Loading the runtime (the library, tfjs and the TypeScript transpiler)…", "busy");
  cell.area.clear();
  try {
    const reply = await runtime.execute(cell.source, (msg) => route(cell.area, msg));
    await cell.area.settled();
    cell.executionCount = reply.execution_count;
    cell.setPrompt("done");
    if (cell.meta.isCheck && cell.meta.gradeId) {
      store.saveVerdict(cell.meta.gradeId, reply.status === "ok");
      showProgress();
    }
    return reply.status === "ok" ? { ok: true, text: cell.area.stdout } : { ok: false, text: cell.area.stdout, error: `${reply.ename}: ${reply.evalue}` };
  } catch (e) {
    cell.setPrompt("idle");
    const why = e instanceof RuntimeStopped ? e.message : `The runtime failed: ${(e as Error).message}`;
    cell.area.note(why, "warning");
    return { ok: false, text: cell.area.stdout, error: why };
  }
}

/** Queues one cell; cells run one at a time, in the order asked. */
function run(index: number, options: { advance?: boolean } = {}): Promise<CellResult> {
  const cell = cells[index];
  if (!cell) return Promise.reject(new RangeError(`descent.run: parameter 'index' must be an integer in 0..${cells.length - 1}, got ${index}`));
  const mine = generation;
  cell.setPrompt("queued");
  running++;
  stopButton.disabled = false;
  const job = queue.then(() => execute(cell, mine));
  queue = job.finally(() => {
    running--;
    stopButton.disabled = running === 0;
  });
  if (options.advance) {
    const next = cells[index + 1];
    if (next) void next.activate();
  }
  return job;
}

async function runAll(): Promise<CellResult[]> {
  return Promise.all(cells.map((_, i) => run(i)));
}

function stop(reason: string): void {
  generation++;
  runtime.terminate(reason);
  setStatus(reason, "warning");
}

// ---- toolbar -----------------------------------------------------------------------------------------
const actions: Record<string, () => void> = {
  "run-all": () => void runAll(),
  stop: () => stop("Stopped: the runtime was ended and will start afresh on the next run; variables from earlier cells are gone (Run all to get them back)."),
  restart: () => {
    stop("Restarted: every variable is gone; the next run starts a fresh runtime.");
    for (const c of cells) {
      c.executionCount = null;
      c.setPrompt("idle");
    }
  },
  download: () => {
    const nb = notebookWithReaderCells(template, cells.map((c) => ({ source: c.source, outputs: c.area.outputs, executionCount: c.executionCount })));
    saveFile(`${notebookName}.ipynb`, JSON.stringify(nb, null, 1) + "\n");
  },
};
Array.from(document.querySelectorAll<HTMLButtonElement>(".toolbar [data-action]")).forEach((button) => {
  button.addEventListener("click", () => actions[button.dataset.action!]?.());
});

window.descent = {
  runAll,
  run: (index) => run(index),
  setSource(index, code) {
    const cell = cells[index];
    if (!cell) throw new RangeError(`descent.setSource: parameter 'index' must be an integer in 0..${cells.length - 1}, got ${index}`);
    if (typeof code !== "string") throw new TypeError(`descent.setSource: parameter 'code' must be a string, got ${typeof code}`);
    cell.setSource(code);
  },
  backend: () => runtime.info?.backend ?? "",
};

// ---- first render ------------------------------------------------------------------------------------
showProgress();
drawStaticFigures(document, {
  firstScreen: () => {
    // What the reader sees first is complete: text, math and the figures on the first screen.
    performance.mark("descent-first-screen");
    body.dataset.firstScreen = "true";
    // Cells the reader edited on an earlier visit get their editor (and highlighting) once the page is up.
    if (cells.some((c) => c.edited)) void loadEditor().then(() => cells.filter((c) => c.edited).forEach((c) => void c.activate(false)));
  },
  allDrawn: () => {
    // Every build-time figure is drawn: they draw as the reader scrolls near them, so this may never come.
    performance.mark("descent-rendered");
    body.dataset.rendered = "true";
  },
  failed: (e) => setStatus(`Some figures could not be drawn: ${e.message}`, "warning"),
});
