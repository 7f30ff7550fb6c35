/** Contours of a 2-D objective with optimizer trajectories on top (the chapter's main picture, e.g. Fig. 8.5). */
import { Figure } from "./figure";
import { axis, baseLayout, colorFor, Layout, Trace } from "./theme";
import { fail, isArrayLike, requireRange, requireString } from "./validate";

export interface Path2D {
  /** Legend entry: algorithm and hyperparameters, e.g. "momentum (ε = 0.01, α = 0.9)". */
  name: string;
  /** Iterates θ₀, θ₁, …; each a pair [x, y] (a Vec of length 2 works). */
  points: ArrayLike<ArrayLike<number>>;
  color?: string;
  dash?: "solid" | "dash" | "dot" | "dashdot";
}

export interface ContourOptions {
  title: string;
  f: (x: number, y: number) => number;
  xRange: [number, number];
  yRange: [number, number];
  xTitle?: string;
  yTitle?: string;
  /** Colour-bar title; defaults to "f(θ)". */
  zTitle?: string;
  /** Grid points per axis (default 80). */
  resolution?: number;
  /** Shade log₁₀(1 + f − f_min) instead of f: valleys like Rosenbrock's stay visible. */
  logZ?: boolean;
  paths?: Path2D[];
  /** Marked points, e.g. the minimum. */
  marks?: { name: string; x: number; y: number }[];
  height?: number;
}

/** Evaluates f on a grid; throws naming the first point where f is not finite. */
export function gridValues(fn: string, f: (x: number, y: number) => number, xs: number[], ys: number[]): number[][] {
  return ys.map((y) =>
    xs.map((x) => {
      const v = f(x, y);
      if (!Number.isFinite(v)) fail(fn, "f", `finite on the plotted range (at x = ${x}, y = ${y})`, v);
      return v;
    }),
  );
}

export function linspace(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/** Trajectory trace: a line through the iterates with a circle at the start and a cross at the end. */
export function pathTrace(fn: string, p: Path2D, k: number): Trace {
  if (!p || typeof p !== "object") fail(fn, `paths[${k}]`, "an object { name, points }", p);
  requireString(fn, `paths[${k}].name`, p.name);
  if (!isArrayLike(p.points as unknown) || p.points.length === 0) fail(fn, `paths[${k}].points`, "a non-empty array of [x, y]", p.points);
  const x: (number | null)[] = [];
  const y: (number | null)[] = [];
  for (let i = 0; i < p.points.length; i++) {
    const q = p.points[i];
    if (!isArrayLike(q as unknown) || q.length !== 2) fail(fn, `paths[${k}].points[${i}]`, "a pair [x, y]", q);
    // Diverging runs leave the plot; a gap keeps the rest of the line drawable.
    x.push(Number.isFinite(q[0]) ? q[0] : null);
    y.push(Number.isFinite(q[1]) ? q[1] : null);
  }
  const color = p.color ?? colorFor(k);
  const n = x.length;
  const symbols = x.map((_, i) => (i === 0 ? "circle" : i === n - 1 ? "x" : "circle"));
  const sizes = x.map((_, i) => (i === 0 || i === n - 1 ? 10 : 4));
  return {
    type: "scatter",
    mode: n > 150 ? "lines" : "lines+markers",
    name: p.name,
    x,
    y,
    line: { color, width: 2, dash: p.dash ?? "solid" },
    marker: { color, size: sizes, symbol: symbols, line: { color: "#ffffff", width: 0.5 } },
  };
}

export function contourTrace(fn: string, o: ContourOptions): { trace: Trace; xs: number[]; ys: number[] } {
  if (typeof o.f !== "function") fail(fn, "f", "a function (x, y) => number", o.f);
  const xr = requireRange(fn, "xRange", o.xRange);
  const yr = requireRange(fn, "yRange", o.yRange);
  const n = o.resolution ?? 80;
  if (!Number.isInteger(n) || n < 5 || n > 400) fail(fn, "resolution", "an integer from 5 to 400", o.resolution);
  const xs = linspace(xr[0], xr[1], n);
  const ys = linspace(yr[0], yr[1], n);
  let z = gridValues(fn, o.f, xs, ys);
  let zTitle = o.zTitle ?? "f(θ)";
  if (o.logZ) {
    const min = Math.min(...z.map((row) => Math.min(...row)));
    z = z.map((row) => row.map((v) => Math.log10(1 + v - min)));
    zTitle = `log₁₀(1 + ${zTitle} − min)`;
  }
  const trace: Trace = {
    type: "contour",
    name: zTitle,
    x: xs,
    y: ys,
    z,
    colorscale: "Viridis",
    reversescale: true,
    ncontours: 25,
    contours: { coloring: "heatmap", showlines: true },
    line: { width: 0.5, color: "rgba(255,255,255,0.5)" },
    colorbar: { title: { text: zTitle, side: "right" }, thickness: 14, x: 1.02 },
    showlegend: false,
    hoverinfo: "x+y+z",
  };
  return { trace, xs, ys };
}

/** Layout shared by contour figures: legend below the plot so it never covers the colour bar. */
export function contourLayout(o: ContourOptions, title: string): Layout {
  const layout = baseLayout(title, o.height ?? 520);
  layout.xaxis = axis({ title: o.xTitle ?? "θ₁", range: o.xRange });
  layout.yaxis = axis({ title: o.yTitle ?? "θ₂", range: o.yRange });
  layout.legend = { orientation: "h", x: 0, xanchor: "left", y: -0.26, yanchor: "top", bgcolor: "rgba(255,255,255,0.9)" };
  layout.margin = { l: 70, r: 30, t: 60, b: 130 };
  return layout;
}

export function markTraces(fn: string, marks: ContourOptions["marks"]): Trace[] {
  return (marks ?? []).map((m, k) => {
    requireString(fn, `marks[${k}].name`, m.name);
    if (!Number.isFinite(m.x) || !Number.isFinite(m.y)) fail(fn, `marks[${k}]`, "finite x and y", `${m.x}, ${m.y}`);
    return {
      type: "scatter",
      mode: "markers",
      name: m.name,
      x: [m.x],
      y: [m.y],
      marker: { symbol: "star", size: 16, color: "#ffffff", line: { color: "#000000", width: 1.5 } },
    };
  });
}

/** Contours of f over a box, with trajectories and marked points drawn on top. */
export function contour(options: ContourOptions): Figure {
  const fn = "plot.contour";
  const title = requireString(fn, "title", options.title);
  const paths = options.paths ?? [];
  if (!Array.isArray(paths)) fail(fn, "paths", "an array of { name, points }", paths);
  const { trace } = contourTrace(fn, options);
  const data = [trace, ...paths.map((p, k) => pathTrace(fn, p, k)), ...markTraces(fn, options.marks)];
  const names = paths.map((p) => p.name);
  const summary = `"${title}": contours of ${options.logZ ? "log " : ""}f over [${options.xRange.join(", ")}] × [${options.yRange.join(", ")}]${
    names.length ? ` with trajectories of ${names.join(", ")}` : ""
  }`;
  return new Figure({ data, layout: contourLayout(options, title) }, summary);
}
