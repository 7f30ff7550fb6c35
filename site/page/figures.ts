/**
 * Plotly figures on a page: the site serves plotly.js once (assets/plotly.min.js). Pages whose build-time
 * outputs have figures load it with the page; any other page loads it the first time a run shows a figure.
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

/** The cartesian bundle, or the full one for 3-D traces (or when the page's build-time figures need it). */
export function plotly(needFull = false): Promise<PlotlyApi> {
  if (full) return full;
  if (needFull || document.body.dataset.plotly === "full") {
    full = (cartesian ?? Promise.resolve(null)).catch(() => null).then(() => load("plotly-full.min.js"));
    return full;
  }
  if (!cartesian) cartesian = load("plotly.min.js");
  return cartesian;
}

function heightOf(spec: unknown): number {
  const h = (spec as { layout?: { height?: unknown } })?.layout?.height;
  return typeof h === "number" ? h : 440;
}

/** Draws (or redraws in place, for live charts) one figure into `plot`. */
export async function drawFigure(plot: HTMLElement, spec: unknown): Promise<void> {
  const P = await plotly(needsFullPlotly(spec));
  plot.style.minHeight = `${heightOf(spec)}px`;
  if (plot.classList.contains("js-plotly-plot")) await P.react(plot, spec);
  else await P.newPlot(plot, spec);
}

async function drawStatic(fig: HTMLElement): Promise<void> {
  const plot = fig.querySelector<HTMLElement>(".plot")!;
  const json = fig.querySelector("script.figure-spec")?.textContent ?? "null";
  await drawFigure(plot, JSON.parse(json));
}

/**
 * Draws the build-time figures (their JSON sits next to them): first those on the reader's first screen
 * (`onFirstScreen` is called when they are drawn), then the rest in page order. Resolves when all are drawn.
 */
export async function drawStaticFigures(root: ParentNode, onFirstScreen: () => void): Promise<number> {
  const figures = Array.from(root.querySelectorAll<HTMLElement>(".output.figure"));
  const screen = window.innerHeight;
  const first = figures.filter((f) => f.getBoundingClientRect().top < screen);
  for (const fig of first) await drawStatic(fig);
  onFirstScreen();
  for (const fig of figures) if (!first.includes(fig)) await drawStatic(fig);
  return figures.length;
}
