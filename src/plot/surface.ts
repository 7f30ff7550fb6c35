/**
 * Values measured on a grid (a loss landscape, a sweep over two hyperparameters) drawn as a 3-D surface
 * or as filled contours. Unlike `contour`, which evaluates a function, these take the grid itself.
 */
import { Figure } from "./figure";
import { axis, baseLayout, Layout, Trace } from "./theme";
import { fail, requireString, toNumbers } from "./validate";

export interface GridPlotOptions {
  title: string;
  /** Grid coordinates: z[i][j] is the value at (x[j], y[i]). */
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  z: ArrayLike<ArrayLike<number>>;
  xTitle: string;
  yTitle: string;
  zTitle: string;
  /** Draw log₁₀ of the values (they must be positive), e.g. losses spanning decades. */
  logZ?: boolean;
  /** Marked points drawn on top (contours: a star; surface: a marker at the grid value). */
  marks?: { name: string; x: number; y: number; z?: number }[];
  height?: number;
}

function checkGrid(fn: string, o: GridPlotOptions): { x: number[]; y: number[]; z: number[][]; zTitle: string } {
  requireString(fn, "title", o.title);
  requireString(fn, "xTitle", o.xTitle);
  requireString(fn, "yTitle", o.yTitle);
  let zTitle = requireString(fn, "zTitle", o.zTitle);
  const x = toNumbers(fn, "x", o.x) as number[];
  const y = toNumbers(fn, "y", o.y) as number[];
  if (!o.z || typeof (o.z as ArrayLike<unknown>).length !== "number" || o.z.length !== y.length) fail(fn, "z", `an array of ${y.length} rows (one per y)`, o.z);
  let z = Array.from({ length: y.length }, (_, i) => {
    const row = toNumbers(fn, `z[${i}]`, o.z[i]) as number[];
    if (row.length !== x.length) fail(fn, `z[${i}]`, `a row of ${x.length} values (one per x)`, row.length);
    row.forEach((v, j) => Number.isFinite(v) || fail(fn, `z[${i}][${j}]`, "a finite number", v));
    return row;
  });
  if (o.logZ) {
    z.forEach((row, i) => row.forEach((v, j) => v > 0 || fail(fn, `z[${i}][${j}]`, "a positive number (logZ)", v)));
    z = z.map((row) => row.map(Math.log10));
    zTitle = `log₁₀ ${zTitle}`;
  }
  return { x, y, z, zTitle };
}

/** A 3-D surface over the grid (drag to rotate). */
export function surface(options: GridPlotOptions): Figure {
  const fn = "plot.surface";
  const { x, y, z, zTitle } = checkGrid(fn, options);
  const data: Trace[] = [
    { type: "surface", x, y, z, colorscale: "Viridis", reversescale: true, showscale: true, colorbar: { title: { text: zTitle, side: "right" }, thickness: 14 }, name: zTitle, showlegend: false },
  ];
  for (const m of options.marks ?? []) {
    const zm = m.z ?? NaN;
    data.push({ type: "scatter3d", mode: "markers", name: m.name, x: [m.x], y: [m.y], z: [options.logZ ? Math.log10(zm) : zm], marker: { size: 5, color: "#D55E00" } });
  }
  const layout: Layout = baseLayout(options.title, options.height ?? 520);
  const scene = (title: string) => ({ title: { text: title }, gridcolor: "#e6e6e6", backgroundcolor: "#ffffff" });
  layout.scene = { xaxis: scene(options.xTitle), yaxis: scene(options.yTitle), zaxis: scene(zTitle), camera: { eye: { x: 1.5, y: -1.5, z: 1.1 } } };
  layout.margin = { l: 10, r: 10, t: 60, b: 10 };
  // Below the scene, so the legend never covers the colour bar.
  layout.legend = { orientation: "h", x: 0, y: 0, yanchor: "bottom", bgcolor: "rgba(255,255,255,0.85)" };
  return new Figure({ data, layout }, `"${options.title}": surface of ${zTitle} over a ${y.length}×${x.length} grid of ${options.xTitle} and ${options.yTitle}`);
}

/** Filled contours of the grid values. */
export function gridContour(options: GridPlotOptions): Figure {
  const fn = "plot.gridContour";
  const { x, y, z, zTitle } = checkGrid(fn, options);
  const data: Trace[] = [
    {
      type: "contour",
      x,
      y,
      z,
      colorscale: "Viridis",
      reversescale: true,
      ncontours: 25,
      contours: { coloring: "heatmap", showlines: true },
      line: { width: 0.5, color: "rgba(255,255,255,0.5)" },
      colorbar: { title: { text: zTitle, side: "right" }, thickness: 14 },
      showlegend: false,
      name: zTitle,
    },
  ];
  for (const m of options.marks ?? []) {
    data.push({ type: "scatter", mode: "markers", name: m.name, x: [m.x], y: [m.y], marker: { symbol: "star", size: 14, color: "#ffffff", line: { color: "#000000", width: 1.5 } } });
  }
  const layout = baseLayout(options.title, options.height ?? 480);
  layout.xaxis = axis({ title: options.xTitle, range: [Math.min(...x), Math.max(...x)] });
  layout.yaxis = axis({ title: options.yTitle, range: [Math.min(...y), Math.max(...y)] });
  layout.legend = { orientation: "h", x: 0, y: -0.2, yanchor: "top" };
  return new Figure({ data, layout }, `"${options.title}": contours of ${zTitle} over a ${y.length}×${x.length} grid of ${options.xTitle} and ${options.yTitle}`);
}
