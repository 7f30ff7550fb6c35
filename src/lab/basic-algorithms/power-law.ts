/** Least-squares line through (log x, log y): the measured exponent of a rate such as O(1/√k) (§8.3.1). */
import { fail, finiteArray } from "../../args";

export interface PowerLawFit {
  /** Exponent p in y ≈ c·x^p (slope on log-log axes). */
  slope: number;
  /** c in y ≈ c·x^p. */
  coefficient: number;
  /** c·x^p, for drawing the fitted line. */
  predict(x: number): number;
}

/** Fits y ≈ c·x^p by least squares on log10 x, log10 y; all values must be > 0. */
export function fitPowerLaw(xs: ArrayLike<number>, ys: ArrayLike<number>): PowerLawFit {
  const fn = "lab.fitPowerLaw";
  const x = finiteArray(fn, "xs", xs, 2);
  const y = finiteArray(fn, "ys", ys, 2);
  if (y.length !== x.length) fail(fn, "ys", `an array of the same length as xs (${x.length})`, `length ${y.length}`);
  x.forEach((v, i) => v > 0 || fail(fn, `xs[${i}]`, "> 0 (a log-log fit)", v));
  y.forEach((v, i) => v > 0 || fail(fn, `ys[${i}]`, "> 0 (a log-log fit)", v));
  const lx = x.map(Math.log10);
  const ly = y.map(Math.log10);
  const mx = lx.reduce((s, v) => s + v, 0) / lx.length;
  const my = ly.reduce((s, v) => s + v, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  lx.forEach((v, i) => {
    sxy += (v - mx) * (ly[i] - my);
    sxx += (v - mx) * (v - mx);
  });
  if (sxx === 0) fail(fn, "xs", "at least two distinct values", x);
  const slope = sxy / sxx;
  const coefficient = Math.pow(10, my - slope * mx);
  return { slope, coefficient, predict: (v: number) => coefficient * Math.pow(v, slope) };
}

/** Points 1 ≤ k ≤ n spaced evenly on a log axis (distinct integers), for sampling long curves. */
export function logSpacedSteps(n: number, count: number): number[] {
  const fn = "lab.logSpacedSteps";
  if (!Number.isInteger(n) || n < 1) fail(fn, "n", "an integer ≥ 1", n);
  if (!Number.isInteger(count) || count < 2) fail(fn, "count", "an integer ≥ 2", count);
  const out = new Set<number>();
  for (let i = 0; i < count; i++) out.add(Math.round(Math.pow(n, i / (count - 1))));
  return [...out].sort((a, b) => a - b);
}
