/**
 * How library code reaches the notebook: the one definition of the display hook, shared by `plot/`
 * (figures, live charts) and the Descent kernel (kernel/server.ts registers the hook). A running kernel
 * puts an OutputHook on globalThis under OUTPUT_HOOK; in a plain tslab kernel, tslab's internal display
 * writer (`lastWriteDisplayData` in tslab/dist/jupyter) is used instead, because its public
 * `display.raw` sends only one MIME type per output. An in-page runtime (the browser edition) installs
 * the same hook. Outside any of these (tests, tsx) nothing is sent and the functions return false.
 *
 *   sendDisplay({ "text/html": html, "application/vnd.plotly.v1+json": spec, "text/plain": "Figure: loss" },
 *               { displayId: "fig-1" });                          // display_data, remembered as fig-1
 *   sendDisplay({ "text/plain": "epoch 3" }, { displayId: "fig-1", update: true }); // update_display_data
 *   clearOutput(true);                                            // clear_output before the next output
 */

export interface DisplayOptions {
  /** Names this output so that later calls with `update: true` replace it in place. */
  displayId?: string;
  /** Send update_display_data for `displayId` instead of a new display_data. */
  update?: boolean;
  /** Per-MIME metadata, e.g. { "image/png": { width: 300 } }. */
  metadata?: Record<string, unknown>;
}

/** The content of one display_data / update_display_data message. */
export interface DisplayContent {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}

/** What a running kernel (or in-page runtime) registers on globalThis under OUTPUT_HOOK. */
export interface OutputHook {
  display(content: DisplayContent, update: boolean): void;
  clearOutput(wait: boolean): void;
}

export type DisplayWriter = (content: DisplayContent, update: boolean) => void;

/** Global so that every copy of the library in one process (tslab may compile src/ per notebook) finds it. */
export const OUTPUT_HOOK = Symbol.for("descent.kernel.output");
const MIME = /^[\w\-+.]+\/[\w\-+.]+$/;

/** tslab's writer for the running cell when this process IS a plain tslab kernel (never loads tslab itself). */
function tslabWriter(): DisplayWriter | undefined {
  const cache = typeof require === "function" ? require.cache : undefined;
  if (!cache) return undefined;
  for (const id of Object.keys(cache)) {
    if (!/tslab[\\/]dist[\\/]jupyter\.js$/.test(id)) continue;
    const writer = (cache[id]?.exports as { lastWriteDisplayData?: unknown } | undefined)?.lastWriteDisplayData;
    if (typeof writer === "function") return writer as DisplayWriter;
  }
  return undefined;
}

function registeredHook(): OutputHook | undefined {
  const hook = (globalThis as Record<symbol, unknown>)[OUTPUT_HOOK] as OutputHook | undefined;
  return hook && typeof hook.display === "function" ? hook : undefined;
}

/** Where displays go now: the registered hook, else tslab's writer, else nowhere. */
export function displayWriter(): DisplayWriter | undefined {
  const hook = registeredHook();
  if (hook) return (content, update) => hook.display(content, update);
  return tslabWriter();
}

/** True when outputs sent from here reach a notebook. */
export function inKernel(): boolean {
  return displayWriter() !== undefined;
}

/** Send a multi-MIME bundle as display_data (or update_display_data); false outside a kernel. */
export function sendDisplay(bundle: Record<string, unknown>, options: DisplayOptions = {}): boolean {
  if (bundle === null || typeof bundle !== "object" || Array.isArray(bundle)) {
    throw new Error(`sendDisplay: parameter 'bundle' must be an object of MIME type → data, got ${bundle === null ? "null" : typeof bundle}`);
  }
  const types = Object.keys(bundle);
  const bad = types.find((t) => !MIME.test(t));
  if (types.length === 0 || bad !== undefined) {
    throw new Error(`sendDisplay: parameter 'bundle' must have MIME type keys like "text/html", got ${JSON.stringify(types)}`);
  }
  if (options.update && !options.displayId) {
    throw new Error(`sendDisplay: parameter 'displayId' must be a non-empty string when update is true, got ${options.displayId}`);
  }
  const write = displayWriter();
  if (!write) return false;
  const transient = options.displayId ? { display_id: options.displayId } : {};
  write({ data: { ...bundle }, metadata: options.metadata ?? {}, transient }, options.update === true);
  return true;
}

/** Clear the cell's output (with `wait`, only when the next output arrives); false outside a kernel. */
export function clearOutput(wait = false): boolean {
  const hook = registeredHook();
  if (!hook) return false;
  hook.clearOutput(wait);
  return true;
}
