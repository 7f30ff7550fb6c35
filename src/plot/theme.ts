/** Shared look of every Descent figure: colour-blind-safe palette, white background, readable fonts. */

/** Okabe & Ito (2008) palette, ordered so neighbouring series stay distinguishable in greyscale too. */
export const palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

export const colorFor = (k: number): string => palette[k % palette.length];

/** Default figure height in pixels; width follows the notebook column (responsive). */
export const defaultHeight = 440;

export type Trace = Record<string, unknown>;
export type Layout = Record<string, unknown>;

export interface AxisOptions {
  title: string;
  log?: boolean;
  range?: [number, number];
}

/** A Plotly axis; log axes print powers of ten so 1e-8 reads as 10⁻⁸. */
export function axis({ title, log, range }: AxisOptions): Layout {
  const a: Layout = {
    title: { text: title },
    type: log ? "log" : "linear",
    gridcolor: "#e6e6e6",
    zerolinecolor: "#bdbdbd",
    linecolor: "#9e9e9e",
    ticks: "outside",
    automargin: true,
  };
  if (log) a.exponentformat = "power";
  if (range) a.range = log ? [Math.log10(range[0]), Math.log10(range[1])] : range.slice();
  return a;
}

/** Base layout: the title sits top-left and the legend right of the plot area, so neither covers data. */
export function baseLayout(title: string, height = defaultHeight): Layout {
  return {
    title: { text: title, x: 0.02, xanchor: "left", font: { size: 17 } },
    height,
    autosize: true,
    font: { family: "Helvetica Neue, Arial, sans-serif", size: 13, color: "#222" },
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    margin: { l: 70, r: 30, t: 60, b: 60 },
    // Plotly hides a one-entry legend; Descent always names the algorithm and its hyperparameters.
    showlegend: true,
    legend: { bgcolor: "rgba(255,255,255,0.85)", bordercolor: "#ddd", borderwidth: 1 },
    hovermode: "closest",
  };
}

export const baseConfig = { responsive: true, displaylogo: false, scrollZoom: false };
