/**
 * Plotly figures on a page: the site serves plotly.js once (assets/plotly.min.js, and plotly-full.min.js for
 * 3-D traces). Pages whose build-time outputs have figures preload it and run it for their first figure
 * (lazy-figures.ts draws those); any other page loads it the first time a run shows a figure.
 */

interface PlotlyApi {
  newPlot(el: HTMLElement, figure: unknown): Promise<unknown>;
  react(el: HTMLElement, figure: unknown): Promise<unknown>;
}

declare global {
  interface Window {
    Plotly?: PlotlyApi;
  }
}

/** Trace types in plotly.js's cartesian bundle (assets/plotly.min.js); others (3-D) need the full one. */
export const CARTESIAN_TRACES = new Set(["scatter", "bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour", "image", "pie", "scatterternary", "violin"]);

export function needsFullPlotly(spec: unknown): boolean {
  const s = spec as { data?: { type?: string }[]; frames?: { data?: { type?: string }[] }[] } | null;
  const traces = [...(s?.data ?? []), ...(s?.frames ?? []).flatMap((f) => f.data ?? [])];
  return traces.some((t) => !CARTESIAN_TRACES.has(t?.type ?? "scatter"));
}

let cartesian: Promise<PlotlyApi> | null = null;
let full: Promise<PlotlyApi> | null = null;
/** The bundles already running, for what must draw synchronously (printing). */
const ready: { cartesian?: PlotlyApi; full?: PlotlyApi } = {};

function load(file: string): Promise<PlotlyApi> {
  return new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = new URL(`assets/${file}`, document.baseURI).href;
    // Read Plotly as this script defined it (another bundle may load later and replace window.Plotly).
    s.onload = () => (window.Plotly ? resolve(window.Plotly) : reject(new Error(`${file} loaded without defining Plotly`)));
    s.onerror = () => reject(new Error(`${file} could not be loaded from the site`));
    document.head.appendChild(s);
  });
}

/**
 * The cartesian bundle (1.3 MB), or the full one (4.8 MB, three times as long to compile) for 3-D traces.
 * A 2-D figure takes whichever is there first, so on a page with a 3-D figure further down (8.7) the first
 * figures do not wait for the full bundle; only the 3-D ones do.
 */
export function plotly(needFull = false): Promise<PlotlyApi> {
  if (needFull) {
    // After the cartesian bundle if that is loading: two big scripts compiling at once help nobody.
    full ??= (cartesian ?? Promise.resolve(null)).catch(() => null).then(() => load("plotly-full.min.js")).then((P) => (ready.full = P));
    return full;
  }
  if (full && (ready.full || !cartesian)) return full; // loaded, or loading and no need to download a second bundle
  cartesian ??= load("plotly.min.js").then((P) => (ready.cartesian = P));
  return cartesian;
}

/** The bundle `plotly(needFull)` would give, if it is already loaded; else null. */
export function loadedPlotly(needFull = false): PlotlyApi | null {
  return (needFull ? ready.full : ready.cartesian ?? ready.full) ?? null;
}

/** The height plotly.js draws the figure at (d.plot figures all set layout.height). */
export function figureHeight(spec: unknown): number {
  const h = (spec as { layout?: { height?: unknown } })?.layout?.height;
  return typeof h === "number" ? h : 440;
}

/** Draws (or redraws in place, for live charts) one figure into `plot`. */
export async function drawFigure(plot: HTMLElement, spec: unknown): Promise<void> {
  const P = await plotly(needsFullPlotly(spec));
  plot.style.minHeight = `${figureHeight(spec)}px`;
  if (plot.classList.contains("js-plotly-plot")) await P.react(plot, spec);
  else await P.newPlot(plot, spec);
}
