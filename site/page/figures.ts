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

let loading: Promise<PlotlyApi> | null = null;

export function plotly(): Promise<PlotlyApi> {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = new URL("assets/plotly.min.js", document.baseURI).href;
      s.onload = () => (window.Plotly ? resolve(window.Plotly) : reject(new Error("plotly.min.js loaded without defining Plotly")));
      s.onerror = () => reject(new Error("plotly.min.js could not be loaded from the site"));
      document.head.appendChild(s);
    });
  }
  return loading;
}

function heightOf(spec: unknown): number {
  const h = (spec as { layout?: { height?: unknown } })?.layout?.height;
  return typeof h === "number" ? h : 440;
}

/** Draws (or redraws in place, for live charts) one figure into `plot`. */
export async function drawFigure(plot: HTMLElement, spec: unknown): Promise<void> {
  const P = await plotly();
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
