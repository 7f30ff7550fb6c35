/**
 * Figures with a slider over precomputed frames (Plotly frames + an "animate" slider): everything is in the
 * figure's JSON, so the slider keeps working in static HTML with no kernel behind it.
 */
import { contourLayout, ContourOptions, contourTrace, markTraces, Path2D, pathTrace } from "./contour";
import { Figure, Frame } from "./figure";
import { seriesTrace, Series } from "./lines";
import { axis, baseLayout, Layout, Trace } from "./theme";
import { fail, requireRange, requireString } from "./validate";

export interface SliderStep {
  /** Shown after the slider's label, e.g. "0.01". */
  value: string;
  /** Curves of this step (line figures). */
  series?: Series[];
  /** Trajectories of this step (contour figures). */
  paths?: Path2D[];
}

export interface SliderOptions {
  title: string;
  /** What the slider sets, with its symbol, e.g. "learning rate ε". */
  label: string;
  steps: SliderStep[];
  /** Step shown first (default 0). */
  initial?: number;
  /** Draw the steps' paths over these contours (then xTitle/yTitle/ranges come from here). */
  contour?: Omit<ContourOptions, "title" | "paths">;
  xTitle?: string;
  yTitle?: string;
  logX?: boolean;
  logY?: boolean;
  xRange?: [number, number];
  yRange?: [number, number];
  height?: number;
}

function stepTraces(fn: string, s: SliderStep, i: number, o: SliderOptions): Trace[] {
  if (!s || typeof s !== "object") fail(fn, `steps[${i}]`, "an object { value, series | paths }", s);
  requireString(fn, `steps[${i}].value`, s.value);
  if (o.contour) {
    if (!Array.isArray(s.paths) || s.paths.length === 0) fail(fn, `steps[${i}].paths`, "a non-empty array (the figure has contours)", s.paths);
    return s.paths.map((p, k) => pathTrace(`${fn} steps[${i}]`, p, k));
  }
  if (!Array.isArray(s.series) || s.series.length === 0) fail(fn, `steps[${i}].series`, "a non-empty array of { name, y }", s.series);
  return s.series.map((c, k) => seriesTrace(`${fn} steps[${i}]`, c, k, { x: o.logX, y: o.logY }));
}

/** Bounds over every step, so the axes stay put while the slider moves. */
function fixedRange(values: (number | null)[], log: boolean | undefined): [number, number] | undefined {
  const v = values.filter((x): x is number => x !== null && (!log || x > 0));
  if (v.length === 0) return undefined;
  let lo = Math.min(...v);
  let hi = Math.max(...v);
  if (log) {
    const pad = 0.05 * Math.max(Math.log10(hi / lo), 1);
    return [lo / 10 ** pad, hi * 10 ** pad];
  }
  const pad = 0.05 * (hi - lo || Math.abs(hi) || 1);
  lo -= pad;
  hi += pad;
  return [lo, hi];
}

export function slider(options: SliderOptions): Figure {
  const fn = "plot.slider";
  const title = requireString(fn, "title", options.title);
  const label = requireString(fn, "label", options.label);
  const steps = options.steps;
  if (!Array.isArray(steps) || steps.length < 2) fail(fn, "steps", "an array of at least 2 steps", steps);
  const initial = options.initial ?? 0;
  if (!Number.isInteger(initial) || initial < 0 || initial >= steps.length) fail(fn, "initial", `an integer from 0 to ${steps.length - 1}`, initial);
  const perStep = steps.map((s, i) => stepTraces(fn, s, i, options));
  const count = perStep[0].length;
  perStep.forEach((t, i) => {
    if (t.length !== count) fail(fn, `steps[${i}]`, `${count} curves like steps[0] (frames replace curves one for one)`, t.length);
  });

  let background: Trace[] = [];
  let layout: Layout;
  if (options.contour) {
    const c = { ...options.contour, title };
    background = [contourTrace(fn, c).trace];
    layout = contourLayout(c, title);
    layout.margin = { l: 70, r: 30, t: 60, b: 200 };
  } else {
    layout = baseLayout(title, options.height ?? 500);
    const all = perStep.flat();
    const xs = all.flatMap((t) => t.x as (number | null)[]);
    const ys = all.flatMap((t) => t.y as (number | null)[]);
    const xRange = options.xRange ? requireRange(fn, "xRange", options.xRange) : fixedRange(xs, options.logX);
    const yRange = options.yRange ? requireRange(fn, "yRange", options.yRange) : fixedRange(ys, options.logY);
    layout.xaxis = axis({ title: requireString(fn, "xTitle", options.xTitle), log: options.logX, range: xRange });
    layout.yaxis = axis({ title: requireString(fn, "yTitle", options.yTitle), log: options.logY, range: yRange });
    layout.margin = { l: 70, r: 30, t: 60, b: 150 };
  }
  const marks = options.contour ? markTraces(fn, options.contour.marks) : [];
  const first = background.length;
  const indices = Array.from({ length: count }, (_, k) => first + k);
  const frames: Frame[] = steps.map((s, i) => ({ name: `step-${i}`, data: perStep[i], traces: indices }));
  layout.sliders = [
    {
      active: initial,
      currentvalue: { prefix: `${label} = `, font: { size: 14 } },
      pad: { t: options.contour ? 115 : 60, b: 10 },
      len: 0.95,
      x: 0.02,
      steps: steps.map((s, i) => ({
        label: s.value,
        method: "animate",
        args: [[`step-${i}`], { mode: "immediate", frame: { duration: 0, redraw: true }, transition: { duration: 0 } }],
      })),
    },
  ];
  return new Figure(
    { data: [...background, ...perStep[initial], ...marks], layout, frames },
    `"${title}": ${steps.length} frames, slider over ${label} (${steps[0].value} … ${steps[steps.length - 1].value})`,
  );
}
