/**
 * Sending figures to the notebook through the display hook (display-hook.ts), so a figure is ONE output
 * with Plotly JSON, HTML and text; counters for deterministic ids; a capture for tests and tools.
 * Outside a kernel (tests, tsx) nothing is sent.
 */
import { displayWriter } from "./display-hook";
import type { DisplayContent, DisplayWriter } from "./display-hook";
import { platform } from "../platform";
import { loaderHtml } from "./html";

export type MimeBundle = Record<string, unknown>;

/** One display_data message (the shape of DisplayContent in display-hook.ts). */
export type DisplayMessage = DisplayContent;

interface PlotState {
  figures: number;
  displays: number;
  plotlySent: boolean;
  sink?: DisplayWriter;
}

/** Per-process state on globalThis, so every copy of this module in one kernel shares counters. */
function state(): PlotState {
  const g = globalThis as unknown as { __descentPlot?: PlotState };
  if (!g.__descentPlot) g.__descentPlot = { figures: 0, displays: 0, plotlySent: false };
  return g.__descentPlot;
}

function writer(): DisplayWriter | undefined {
  return state().sink ?? displayWriter();
}

/** True when displays go somewhere (a kernel, or a capture installed by a test). */
export function canDisplay(): boolean {
  return writer() !== undefined;
}

/** Sends one output (or replaces the output with the same display id); false when there is no kernel. */
export function sendBundle(data: MimeBundle, options: { displayId?: string; update?: boolean } = {}): boolean {
  const w = writer();
  if (!w) return false;
  const transient: { display_id?: string } = {};
  if (options.displayId !== undefined) transient.display_id = options.displayId;
  w({ data, metadata: {}, transient }, options.update === true);
  return true;
}

/**
 * Emits the inlined plotly.js once per kernel session, before the first figure that needs it; nothing
 * where the platform says the page has its own Plotly (the browser edition).
 */
export function ensurePlotly(): void {
  const s = state();
  if (s.plotlySent || !canDisplay()) return;
  const plotly = platform().plotlySource();
  if (!plotly) return;
  if (sendBundle({ "text/html": loaderHtml(plotly), "text/plain": `plotly.js ${plotly.version} loaded for the figures below` })) {
    s.plotlySent = true;
  }
}

/** Deterministic element ids: the n-th figure shown in a session is always descent-fig-n. */
export function nextFigureId(): string {
  return `descent-fig-${++state().figures}`;
}

export function nextDisplayId(kind: string): string {
  return `descent-${kind}-${++state().displays}`;
}

/**
 * Routes every output to `sink` instead of the kernel and resets the counters (for tests and tools);
 * returns a function that restores the previous behaviour.
 */
export function captureDisplays(sink: (message: DisplayMessage, update: boolean) => void): () => void {
  const s = state();
  const saved = { ...s };
  s.sink = sink;
  s.figures = 0;
  s.displays = 0;
  s.plotlySent = false;
  return () => {
    s.sink = saved.sink;
    s.figures = saved.figures;
    s.displays = saved.displays;
    s.plotlySent = saved.plotlySent;
  };
}
