import { expect } from "vitest";
import { problems } from "../src";
import type { secondOrder, Vec } from "../src";

/**
 * Runs a public line search on rosenbrock along −∇f for several first steps and c2, and checks both strong
 * Wolfe conditions (N&W eq. 3.7) at the step it returns, independently of the search's own arithmetic.
 */
export function expectStrongWolfeSteps<R extends { t: number; satisfied: boolean }>(search: (objective: secondOrder.SmoothObjective, x: Vec, d: Vec, options: { t: number; c2: number }) => R, more: (r: R, x: Vec) => void): void {
  const p = problems.reference("rosenbrock");
  const g0 = p.objective.grad(p.x0);
  const d = g0.map((v) => -v);
  const gtd0 = g0.reduce((s, v, i) => s + v * d[i], 0);
  const f0 = p.objective.f(p.x0);
  for (const t of [1e-4, 1e-3, 1, 10]) {
    for (const c2 of [0.9, 0.1]) {
      const r = search(p.objective, p.x0, d, { t, c2 });
      const x = p.x0.map((v, i) => v + r.t * d[i]);
      const gtd = p.objective.grad(x).reduce((s, v, i) => s + v * d[i], 0);
      expect(r.satisfied).toBe(true);
      expect(p.objective.f(x)).toBeLessThanOrEqual(f0 + 1e-4 * r.t * gtd0);
      expect(Math.abs(gtd)).toBeLessThanOrEqual(c2 * Math.abs(gtd0));
      more(r, x);
    }
  }
}
