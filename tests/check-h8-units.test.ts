import { describe, expect, it } from "vitest";
import * as check from "../src/check";
import { solve } from "../src/check/linalg";

/** The checker passes a correct answer and fails each wrong one with the hint that names the mistake. */
function verdicts(name: string, good: unknown, wrongs: [unknown, RegExp][]): void {
  const checker = (check as unknown as Record<string, (fn: unknown, o?: object) => check.CheckResult>)[name];
  expect(checker(good).passed).toBe(true);
  expect(checker(good, { hidden: true }).passed).toBe(true);
  for (const [bad, hint] of wrongs) {
    const res = checker(bad, { throws: false, hidden: true });
    expect(res.passed, `${name} accepted a wrong answer`).toBe(false);
    expect(res.message).toMatch(hint);
  }
  expect(checker(() => { throw new Error("not implemented"); }, { throws: false }).message).toMatch(/not implemented yet/);
  expect(() => checker(() => 0)).toThrow(check.CheckFailure);
}

// Minimum-norm solution by a different route than the checker: Gram–Schmidt on the rows of X (an orthonormal
// basis Q of the row space), then w = Σ qₖ cₖ with the cₖ fixed by Xw = y through the triangular factor.
function minNormByQr(X: number[][], y: number[]): number[] {
  const Q: number[][] = [];
  const R: number[][] = X.map(() => X.map(() => 0));
  X.forEach((row, i) => {
    let v = row.slice();
    Q.forEach((q, k) => {
      const c = q.reduce((s, qj, j) => s + qj * row[j], 0);
      R[i][k] = c;
      v = v.map((vj, j) => vj - c * q[j]);
    });
    const norm = Math.hypot(...v);
    R[i][i] = norm;
    Q.push(v.map((vj) => vj / norm));
  });
  // X = L Q with L lower-triangular (L[i][k] = R[i][k]); solve L c = y by forward substitution.
  const c: number[] = [];
  y.forEach((yi, i) => c.push((yi - c.reduce((s, ck, k) => s + R[i][k] * ck, 0)) / R[i][i]));
  return X[0].map((_, j) => Q.reduce((s, q, k) => s + q[j] * c[k], 0));
}

describe("check.minimumNormSolution", () => {
  it("passes the minimum-norm solution and names the usual mistakes", () => {
    verdicts("minimumNormSolution", minNormByQr, [
      [(X: number[][], y: number[]) => solve(X.map((a) => X.map((b) => a.reduce((s, v, j) => s + v * b[j], 0))), y), /not the n coefficients/],
      [(X: number[][], y: number[]) => X[0].map((_, j) => X.reduce((s, row, i) => s + row[j] * y[i], 0)), /Xᵀy/],
      [(X: number[][], y: number[]) => X[0].map((_, j) => Math.sign(X.reduce((s, row, i) => s + row[j] * y[i], 0))), /sign pattern/],
    ]);
  });
});
