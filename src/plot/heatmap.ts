/** Heatmaps: a matrix as colour, e.g. a Hessian, a loss over two hyperparameters, or first-layer weights. */
import { Figure } from "./figure";
import { axis, baseLayout, Trace } from "./theme";
import { fail, requireString, toNumbers } from "./validate";

export interface HeatmapOptions {
  title: string;
  /** Rows of values; z[i][j] is drawn at (x[j], y[i]). */
  z: ArrayLike<ArrayLike<number>>;
  x?: (number | string)[];
  y?: (number | string)[];
  xTitle: string;
  yTitle: string;
  /** Colour-bar title with units. */
  zTitle: string;
  colorscale?: string;
  /** Centre a diverging scale on 0 (for signed values such as weights or Hessian entries). */
  symmetric?: boolean;
  /** Print each value in its cell (small matrices only). */
  showValues?: boolean;
  /** Draw row 0 at the top, as matrices and images are read. */
  matrixOrder?: boolean;
  logX?: boolean;
  logY?: boolean;
  height?: number;
}

function heatmapTrace(fn: string, o: HeatmapOptions): { trace: Trace; rows: number; cols: number } {
  if (!o.z || typeof (o.z as ArrayLike<unknown>).length !== "number" || o.z.length === 0) fail(fn, "z", "a non-empty array of rows", o.z);
  const z = Array.from({ length: o.z.length }, (_, i) => toNumbers(fn, `z[${i}]`, o.z[i]));
  const cols = z[0].length;
  z.forEach((row, i) => {
    if (row.length !== cols) fail(fn, `z[${i}]`, `a row of length ${cols} like z[0]`, row.length);
  });
  if (o.x !== undefined && (!Array.isArray(o.x) || o.x.length !== cols)) fail(fn, "x", `an array of ${cols} labels`, o.x);
  if (o.y !== undefined && (!Array.isArray(o.y) || o.y.length !== z.length)) fail(fn, "y", `an array of ${z.length} labels`, o.y);
  const trace: Trace = {
    type: "heatmap",
    z,
    colorscale: o.colorscale ?? (o.symmetric ? "RdBu" : "Viridis"),
    colorbar: { title: { text: o.zTitle, side: "right" }, thickness: 14 },
    hoverongaps: false,
  };
  if (o.x) trace.x = o.x.slice();
  if (o.y) trace.y = o.y.slice();
  if (o.symmetric) {
    trace.zmid = 0;
    trace.reversescale = true;
  }
  if (o.showValues) {
    trace.texttemplate = "%{z:.3g}";
    trace.textfont = { size: 11 };
  }
  return { trace, rows: z.length, cols };
}

export function heatmap(options: HeatmapOptions): Figure {
  const fn = "plot.heatmap";
  const title = requireString(fn, "title", options.title);
  const xTitle = requireString(fn, "xTitle", options.xTitle);
  const yTitle = requireString(fn, "yTitle", options.yTitle);
  const zTitle = requireString(fn, "zTitle", options.zTitle);
  const { trace, rows, cols } = heatmapTrace(fn, options);
  const layout = baseLayout(title, options.height);
  layout.xaxis = axis({ title: xTitle, log: options.logX });
  const yaxis = axis({ title: yTitle, log: options.logY });
  if (options.matrixOrder) yaxis.autorange = "reversed";
  layout.yaxis = yaxis;
  return new Figure({ data: [trace], layout }, `"${title}": ${rows}×${cols} heatmap of ${zTitle} over ${xTitle} and ${yTitle}`);
}
