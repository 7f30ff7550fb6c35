import { describe, expect, it, vi } from "vitest";
import * as check from "../src/check";
import { CheckFailure } from "../src/check";

// Independent answers, written from the book's algorithms (not from src/check), used as the
// "student" that must pass; planted mistakes must fail with the specific hint.
const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
const sub = (a: number[], b: number[]) => a.map((v, i) => v - b[i]);
const scale = (a: number[], k: number) => a.map((v) => v * k);
function eig2(H: number[][]): number[] {
  // power iteration on H and on (λmax·I − H) is enough for SPD test matrices
  const n = H.length;
  const power = (M: number[][]) => {
    let x = Array.from({ length: n }, (_, i) => 1 + i / 7);
    let lambda = 0;
    for (let k = 0; k < 5000; k++) {
      const y = M.map((row) => dot(row, x));
      const nrm = Math.sqrt(dot(y, y));
      lambda = dot(x, y) / dot(x, x);
      x = y.map((v) => v / nrm);
    }
    return lambda;
  };
  const max = power(H);
  const min = max - power(H.map((row, i) => row.map((v, j) => (i === j ? max : 0) - v)));
  return [min, max];
}
function gauss(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i]]);
  for (let i = 0; i < n; i++) {
    for (let r = i + 1; r < n; r++) {
      const f = M[r][i] / M[i][i];
      for (let c = i; c <= n; c++) M[r][c] -= f * M[i][c];
    }
  }
  const x = new Array(n).fill(0);
  for (let i = n - 1; i >= 0; i--) x[i] = (M[i][n] - dot(M[i].slice(i + 1, n), x.slice(i + 1))) / M[i][i];
  return x;
}
const matmul = (A: number[][], B: number[][]) => A.map((r) => B[0].map((_, j) => r.reduce((s, v, k) => s + v * B[k][j], 0)));
const T = (A: number[][]) => A[0].map((_, j) => A.map((r) => r[j]));

const correct: Record<string, (...a: any[]) => unknown> = {
  empiricalRisk: (w: number[], X: number[][], y: number[]) => X.reduce((s, x, i) => s + 0.5 * (dot(w, x) - y[i]) ** 2, 0) / X.length,
  minibatchGradient: (w: number[], X: number[][], y: number[], batch: number[]) =>
    batch.reduce((g, i) => g.map((gj, j) => gj + ((dot(w, X[i]) - y[i]) * X[i][j]) / batch.length), w.map(() => 0)),
  standardError: (x: number[]) => {
    const m = x.length;
    const mu = x.reduce((s, v) => s + v, 0) / m;
    return Math.sqrt(x.reduce((s, v) => s + (v - mu) ** 2, 0) / (m - 1)) / Math.sqrt(m);
  },
  batchSizeForError: (sigma: number, target: number) => {
    let m = 1;
    while (sigma / Math.sqrt(m) > target) m++;
    return m;
  },
  largestStableLr: (H: number[][]) => 2 / eig2(H)[1],
  conditionNumber: (H: number[][]) => eig2(H)[1] / eig2(H)[0],
  secondOrderDecrease: (g: number[], H: number[][], e: number) => 0.5 * e * e * dot(g, H.map((r) => dot(r, g))) - e * dot(g, g),
  clipGradientNorm: (g: number[], v: number) => {
    const n = Math.hypot(...g);
    return n > v ? scale(g, v / n) : g;
  },
  sgdStep: (t: number[], g: number[], e: number) => sub(t, scale(g, e)),
  momentumStep: (t: number[], v: number[], g: number[], e: number, a: number) => {
    const nv = sub(scale(v, a), scale(g, e));
    return { theta: t.map((x, i) => x + nv[i]), v: nv };
  },
  nesterovStep: (t: number[], v: number[], gradAt: (x: number[]) => number[], e: number, a: number) => {
    const g = gradAt(t.map((x, i) => x + a * v[i]));
    const nv = sub(scale(v, a), scale(g, e));
    return { theta: t.map((x, i) => x + nv[i]), v: nv };
  },
  linearDecay: (k: number, e0: number, et: number, tau: number) => {
    const a = Math.min(k / tau, 1);
    return (1 - a) * e0 + a * et;
  },
  terminalSpeed: (e: number, n: number, a: number) => (e * n) / (1 - a),
  glorotBound: (m: number, n: number) => Math.sqrt(6) / Math.sqrt(m + n),
  heStd: (m: number) => Math.sqrt(2) / Math.sqrt(m),
  orthogonalityError: (W: number[][]) => {
    const G = matmul(T(W), W);
    return Math.sqrt(G.reduce((s, r, i) => s + r.reduce((q, v, j) => q + (v - (i === j ? 1 : 0)) ** 2, 0), 0));
  },
  gramSchmidt: (A: number[][]) => {
    // classical Gram–Schmidt, column by column
    const cols = T(A);
    const Q: number[][] = [];
    for (const a of cols) {
      let u = [...a];
      for (const q of Q) u = sub(u, scale(q, dot(q, a)));
      Q.push(scale(u, 1 / Math.hypot(...u)));
    }
    return T(Q);
  },
  adagradStep: (t: number[], g: number[], r: number[], e: number, d: number) => {
    const nr = r.map((x, i) => x + g[i] ** 2);
    return { theta: t.map((x, i) => x - (e * g[i]) / (d + Math.sqrt(nr[i]))), r: nr };
  },
  rmspropStep: (t: number[], g: number[], r: number[], e: number, rho: number, d: number) => {
    const nr = r.map((x, i) => rho * x + (1 - rho) * g[i] ** 2);
    return { theta: t.map((x, i) => x - (e * g[i]) / Math.sqrt(d + nr[i])), r: nr };
  },
  adamMoments: (s: number[], r: number[], g: number[], t: number, p1: number, p2: number) => {
    const ns = s.map((x, i) => p1 * x + (1 - p1) * g[i]);
    const nr = r.map((x, i) => p2 * x + (1 - p2) * g[i] * g[i]);
    return { s: ns, r: nr, sHat: scale(ns, 1 / (1 - Math.pow(p1, t))), rHat: scale(nr, 1 / (1 - Math.pow(p2, t))) };
  },
  adamStep: (th: number[], g: number[], s: number[], r: number[], t: number, e: number, p1: number, p2: number, d: number) => {
    const m = correct.adamMoments(s, r, g, t, p1, p2) as { s: number[]; r: number[]; sHat: number[]; rHat: number[] };
    return { theta: th.map((x, i) => x - (e * m.sHat[i]) / (Math.sqrt(m.rHat[i]) + d)), s: m.s, r: m.r };
  },
  newtonStep: (t: number[], g: number[], H: number[][]) => sub(t, gauss(H, g)),
  cgBetaFletcherReeves: (gn: number[], go: number[]) => dot(gn, gn) / dot(go, go),
  cgBetaPolakRibiere: (gn: number[], go: number[]) => dot(sub(gn, go), gn) / dot(go, go),
  bfgsInverseUpdate: (M: number[][], s: number[], y: number[]) => {
    // expanded form: M + (1 + yᵀMy/ys)·ssᵀ/ys − (M y sᵀ + s yᵀ M)/ys
    const ys = dot(y, s);
    const My = M.map((r) => dot(r, y));
    const yMy = dot(y, My);
    const yM = T(M).map((c) => dot(c, y));
    return M.map((row, i) => row.map((v, j) => v + ((ys + yMy) * s[i] * s[j]) / ys ** 2 - (My[i] * s[j] + s[i] * yM[j]) / ys));
  },
  batchNormForward: (X: number[][], gamma: number[], beta: number[], eps: number) => {
    const m = X.length;
    return T(T(X).map((c, j) => {
      const mu = c.reduce((s, v) => s + v, 0) / m;
      const v = c.reduce((s, x) => s + (x - mu) ** 2, 0) / m;
      return c.map((x) => gamma[j] * ((x - mu) / Math.sqrt(v + eps)) + beta[j]);
    }));
  },
  polyakAverage: (traj: number[][]) => T(traj).map((c) => c.reduce((s, v) => s + v, 0) / traj.length),
  polyakEma: (avg: number[], t: number[], a: number) => avg.map((v, i) => a * v + (1 - a) * t[i]),
  coordinateDescentStep: (A: number[][], b: number[], x: number[], i: number) => {
    const y = [...x];
    let s = b[i];
    for (let j = 0; j < x.length; j++) if (j !== i) s -= A[i][j] * x[j];
    y[i] = s / A[i][i];
    return y;
  },
};

const checkers = check as unknown as Record<string, (fn: unknown, o?: check.CheckOptions) => check.CheckResult>;
const names = Object.keys(correct);

describe("classroom checkers", () => {
  vi.spyOn(console, "log").mockImplementation(() => {});

  it("provide at least three checkers per section 8.1–8.7", () => {
    expect(names.length).toBeGreaterThanOrEqual(21);
    for (const n of names) expect(typeof checkers[n], n).toBe("function");
  });

  it.each(names)("%s accepts an independent correct answer (visible and hidden cases)", (name) => {
    const visible = checkers[name](correct[name]);
    expect(visible.passed).toBe(true);
    expect(visible.message).toMatch(/^✔/);
    expect(checkers[name](correct[name], { hidden: true }).passed).toBe(true);
  });

  it.each(names)("%s fails cleanly on the student stub, a non-function and a crash", (name) => {
    const stub = () => {
      throw new Error("not implemented");
    };
    expect(() => checkers[name](stub)).toThrow(CheckFailure);
    expect(() => checkers[name](stub)).toThrow(/not implemented yet/);
    expect(() => checkers[name](undefined)).toThrow(/pass your function itself/);
    const r = checkers[name](() => {
      throw new TypeError("x is undefined");
    }, { throws: false });
    expect(r.passed).toBe(false);
    expect(r.message).toMatch(/threw an error[\s\S]*input:[\s\S]*x is undefined/);
    expect(checkers[name](() => undefined, { throws: false }).passed).toBe(false);
  });

  const planted: [string, (...a: any[]) => unknown, RegExp][] = [
    ["adagradStep", (t: number[], g: number[], r: number[], e: number, d: number) => {
      const nr = r.map((x, i) => x + g[i] ** 2);
      return { theta: t.map((x, i) => x - (e * g[i]) / Math.sqrt(d + nr[i])), r: nr };
    }, /δ inside the square root\?/],
    ["rmspropStep", (t: number[], g: number[], r: number[], e: number, rho: number, d: number) => {
      const nr = r.map((x, i) => rho * x + (1 - rho) * g[i] ** 2);
      return { theta: t.map((x, i) => x - (e * g[i]) / (d + Math.sqrt(nr[i]))), r: nr };
    }, /PyTorch's RMSprop/],
    ["adamMoments", (s: number[], r: number[], g: number[], t: number, p1: number, p2: number) =>
      correct.adamMoments(s, r, g, 1, p1, p2), /1 − ρᵗ/],
    ["momentumStep", (t: number[], v: number[], g: number[], e: number, a: number) => ({ theta: t.map((x, i) => x + v[i]), v: sub(scale(v, a), scale(g, e)) }), /NEW velocity/],
    ["nesterovStep", (t: number[], v: number[], gradAt: (x: number[]) => number[], e: number, a: number) =>
      correct.momentumStep(t, v, gradAt(t), e, a), /interim point θ \+ αv/],
    ["largestStableLr", (H: number[][]) => 1 / eig2(H)[1], /2\/λ_max/],
    ["clipGradientNorm", (g: number[], v: number) => g.map((x) => Math.max(-v, Math.min(v, x))), /rescale the whole vector/],
    ["glorotBound", (m: number, n: number) => Math.sqrt(2 / (m + n)), /normal variant/],
    ["newtonStep", (t: number[], g: number[], H: number[][]) => sub(t, H.map((r) => dot(r, g))), /INVERSE Hessian/],
    ["batchNormForward", (X: number[][], g: number[], b: number[], e: number) =>
      (correct.batchNormForward as any)(X, g, b, e).map((r: number[]) => r.map((v) => v)) && T(T(X).map((c, j) => {
        const mu = c.reduce((s, v) => s + v, 0) / c.length;
        const sd = Math.sqrt(c.reduce((s, x) => s + (x - mu) ** 2, 0) / (c.length - 1) + e);
        return c.map((x) => g[j] * ((x - mu) / sd) + b[j]);
      })), /biased variance/],
    ["standardError", (x: number[]) => Math.sqrt(x.reduce((s, v) => s + (v - x.reduce((a, b) => a + b, 0) / x.length) ** 2, 0) / x.length) / Math.sqrt(x.length), /Bessel/],
    ["cgBetaPolakRibiere", correct.cgBetaFletcherReeves, /that is Fletcher–Reeves/],
    ["coordinateDescentStep", (A: number[][], b: number[], x: number[], i: number) => x.map((v, j) => (j === i ? (b[i] - dot(A[i], x)) / A[i][i] : v)), /j ≠ i/],
    ["sgdStep", (t: number[], g: number[], e: number) => t.map((x, i) => x + e * g[i]), /moved up the gradient/],
    ["linearDecay", (k: number, e0: number, et: number, tau: number) => (1 - k / tau) * e0 + (k / tau) * et, /stays constant/],
  ];

  it.each(planted)("%s names the planted mistake, with input, expected and got", (name, wrong, hint) => {
    const r = checkers[name](wrong, { throws: false });
    expect(r.passed).toBe(false);
    expect(r.message).toMatch(hint);
    expect(r.message).toMatch(/input:[\s\S]*expected:[\s\S]*got:/);
  });

  it("a wrong answer with no modelled mistake gets a generic hint (sign flipped)", () => {
    const r = check.sgdStep((t: number[], g: number[], e: number) => t.map((x, i) => -(x - e * g[i])), { throws: false });
    expect(r.message).toMatch(/sign is flipped/);
  });

  it("accepts Float64Array answers and hand-computed values", () => {
    expect(check.sgdStep((t, g, e) => Float64Array.from(t, (x, i) => x - e * g[i]) as unknown as number[]).passed).toBe(true);
    // Algorithm 8.4 by hand: θ = 1, g = 2, r = 0, ε = 0.1, δ = 0 → r = 4, θ = 1 − 0.1·2/2 = 0.9
    expect(check.close((correct.adagradStep([1], [2], [0], 0.1, 0) as { theta: number[] }).theta, [0.9])).toBe(true);
    expect(() => check.close([0.9, 1], [0.9, 1.1], { name: "theta" })).toThrow(/theta\[1\]: expected 1\.1, got 1/);
    expect(() => check.that(false, "θ must decrease")).toThrow(/θ must decrease/);
  });

  it("rejects bad options with a named parameter error", () => {
    expect(() => check.sgdStep(correct.sgdStep as never, { tol: -1 })).toThrow(/parameter 'options.tol' must be a positive number, got -1/);
  });
});
