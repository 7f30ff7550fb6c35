/**
 * Rich output from library code: one display_data with several MIME types, updated in place by a
 * display id. Works in the Descent kernel (and in plain tslab); outside a kernel it does nothing and
 * returns false, so library code can call it unconditionally.
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

export interface DisplayContent {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}

/** What a running kernel registers on globalThis under OUTPUT_HOOK. */
export interface OutputHook {
  display(content: DisplayContent, update: boolean): void;
  clearOutput(wait: boolean): void;
}

/** Global so that every copy of this module (tslab compiles src/ per notebook) finds the kernel. */
export const OUTPUT_HOOK = Symbol.for("descent.kernel.output");
const MIME = /^[\w\-+.]+\/[\w\-+.]+$/;

type TslabWriter = (content: DisplayContent, update: boolean) => void;

function tslabWriter(): TslabWriter | undefined {
  const cache = typeof require === "function" ? require.cache : undefined;
  if (!cache) return undefined;
  for (const id of Object.keys(cache)) {
    if (!/tslab[\\/]dist[\\/]jupyter\.js$/.test(id)) continue;
    const writer = (cache[id]?.exports as { lastWriteDisplayData?: unknown } | undefined)?.lastWriteDisplayData;
    if (typeof writer === "function") return writer as TslabWriter;
  }
  return undefined;
}

function activeHook(): OutputHook | undefined {
  const hook = (globalThis as Record<symbol, unknown>)[OUTPUT_HOOK] as OutputHook | undefined;
  if (hook) return hook;
  const writer = tslabWriter();
  return writer ? { display: writer, clearOutput: () => undefined } : undefined;
}

/** True when outputs sent from here reach a notebook. */
export function inKernel(): boolean {
  return activeHook() !== undefined;
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
  const hook = activeHook();
  if (!hook) return false;
  const transient = options.displayId ? { display_id: options.displayId } : {};
  hook.display({ data: { ...bundle }, metadata: options.metadata ?? {}, transient }, options.update === true);
  return true;
}

/** Clear the cell's output (with `wait`, only when the next output arrives); false outside a kernel. */
export function clearOutput(wait = false): boolean {
  const hook = (globalThis as Record<symbol, unknown>)[OUTPUT_HOOK] as OutputHook | undefined;
  if (!hook) return false;
  hook.clearOutput(wait);
  return true;
}
