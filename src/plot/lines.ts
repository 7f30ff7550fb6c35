/** Line and scatter charts: loss curves against steps, usually on a log loss axis. */
import { Figure } from "./figure";
import { axis, baseLayout, colorFor, Trace } from "./theme";
import { fail, requirePositiveLogValues, requireRange, requireString, toNumbers } from "./validate";

export interface Series {
  /** Legend entry: name the algorithm and its hyperparameters, e.g. "Adam (lr = 1e-3)". */
  name: string;
  y: ArrayLike<number>;
  /** Defaults to 0, 1, 2, … */
  x?: ArrayLike<number>;
  mode?: "lines" | "markers" | "lines+markers";
  dash?: "solid" | "dash" | "dot" | "dashdot";
  color?: string;
  width?: number;
}

export interface LinesOptions {
  title: string;
  /** Axis titles with units, e.g. "step", "loss (nats)". */
  xTitle: string;
  yTitle: string;
  series: Series[];
  logX?: boolean;
  logY?: boolean;
  xRange?: [number, number];
  yRange?: [number, number];
  height?: number;
}

/** One Plotly scatter trace from a series (shared by lines, live charts and sliders). */
export function seriesTrace(fn: string, s: Series, k: number, log: { x?: boolean; y?: boolean } = {}): Trace {
  if (!s || typeof s !== "object") fail(fn, `series[${k}]`, "an object { name, y, x? }", s);
  requireString(fn, `series[${k}].name`, s.name);
  const y = toNumbers(fn, `series[${k}].y`, s.y, 0);
  let x: (number | null)[];
  if (s.x === undefined) x = y.map((_, i) => i);
  else {
    x = toNumbers(fn, `series[${k}].x`, s.x, 0);
    if (x.length !== y.length) fail(fn, `series[${k}].x`, `the same length as y (${y.length})`, s.x);
  }
  if (log.x) requirePositiveLogValues(fn, `series[${k}].x`, x);
  if (log.y) requirePositiveLogValues(fn, `series[${k}].y`, y);
  const mode = s.mode ?? "lines";
  const color = s.color ?? colorFor(k);
  const trace: Trace = { type: "scatter", mode, name: s.name, x, y };
  if (mode !== "markers") trace.line = { color, width: s.width ?? 2, dash: s.dash ?? "solid" };
  if (mode !== "lines") trace.marker = { color, size: 6 };
  return trace;
}

function checkSeriesList(fn: string, series: unknown): Series[] {
  if (!Array.isArray(series) || series.length === 0) fail(fn, "series", "a non-empty array of { name, y }", series);
  return series as Series[];
}

function describe(series: Series[]): string {
  const names = series.map((s) => s.name);
  return names.length <= 4 ? names.join(", ") : `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`;
}

/** Curves sharing axes, e.g. training loss of several optimizers against the step. */
export function lines(options: LinesOptions): Figure {
  const fn = "plot.lines";
  const title = requireString(fn, "title", options.title);
  const xTitle = requireString(fn, "xTitle", options.xTitle);
  const yTitle = requireString(fn, "yTitle", options.yTitle);
  const series = checkSeriesList(fn, options.series);
  if (options.xRange !== undefined) requireRange(fn, "xRange", options.xRange);
  if (options.yRange !== undefined) requireRange(fn, "yRange", options.yRange);
  const data = series.map((s, k) => seriesTrace(fn, s, k, { x: options.logX, y: options.logY }));
  const layout = baseLayout(title, options.height);
  layout.xaxis = axis({ title: xTitle, log: options.logX, range: options.xRange });
  layout.yaxis = axis({ title: yTitle, log: options.logY, range: options.yRange });
  const scale = `${options.logX ? "log " : ""}${xTitle} vs ${options.logY ? "log " : ""}${yTitle}`;
  return new Figure({ data, layout }, `"${title}", ${scale}: ${describe(series)}`);
}

/** Points (markers only) sharing axes; same options as lines. */
export function scatter(options: LinesOptions): Figure {
  const series = checkSeriesList("plot.scatter", options.series);
  const fig = lines({ ...options, series: series.map((s) => ({ ...s, mode: s.mode ?? "markers" })) });
  return new Figure(fig.toJSON(), fig.summary.replace(/^/, "scatter "));
}

