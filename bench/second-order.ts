/**
 * Second-order methods (GBC §8.6) on the reference problems: deterministic evaluation counts and
 * accuracies, with the targets (torch L-BFGS and SciPy BFGS on Rosenbrock from (−1.5, 2)).
 * `npx tsx bench/second-order.ts` runs it alone; `npm run bench` runs it with the other parts.
 */
import { problems, secondOrder } from "../src";
import type { Objective, Vec } from "../src";

type Run = (o: Objective, x0: Vec) => secondOrder.SecondOrderResult;
const methods: Record<string, Run> = {
  "newton (pure)": (o, x0) => secondOrder.newton(o, { x0 }),
  "newton (line search)": (o, x0) => secondOrder.newton(o, { x0, lineSearch: true }),
  "linearCG": (o, x0) => secondOrder.linearCG(o, { x0 }),
  "cg (polak-ribiere)": (o, x0) => secondOrder.conjugateGradient(o, { x0 }),
  "cg (fletcher-reeves)": (o, x0) => secondOrder.conjugateGradient(o, { x0, variant: "fletcher-reeves" }),
  "bfgs (more-thuente)": (o, x0) => secondOrder.bfgs(o, { x0 }),
  "bfgs (strong-wolfe)": (o, x0) => secondOrder.bfgs(o, { x0, lineSearch: "strong-wolfe" }),
  lbfgs: (o, x0) => secondOrder.lbfgs(o, { x0 }),
  hessianFree: (o, x0) => secondOrder.hessianFree(o, { x0 }),
};
const names = ["quad5", "rosenbrock", "logreg", "logreg_l2"] as const;
/** SciPy 1.10 BFGS accuracy with default tolerances (issue #5). */
const scipyBfgs: Record<string, number> = { quad5: 1.6e-7, rosenbrock: 2.2e-8, logreg: 8.0e-5, logreg_l2: 4.4e-5 };
/** SciPy BFGS function evaluations (nfev) with default tolerances, measured with SciPy 1.17 (same as 1.10 on rosenbrock, issue #5). */
const scipyBfgsEvaluations: Record<string, number> = { quad5: 9, rosenbrock: 44, logreg: 29, logreg_l2: 21 };

const errInf = (x: Vec, xs: Vec) => Math.max(...Array.from(x, (v, i) => Math.abs(v - xs[i])));
function evaluationsTo(r: secondOrder.SecondOrderResult, xs: Vec, tol: number): number | null {
  const k = r.trajectory.findIndex((x) => errInf(x, xs) <= tol);
  return k < 0 ? null : r.evaluationsAt[k];
}

export async function benchSecondOrder(): Promise<Record<string, unknown>> {
  const rows: Record<string, unknown>[] = [];
  for (const name of names) {
    const p = problems.reference(name);
    for (const [method, run] of Object.entries(methods)) {
      const t0 = process.hrtime.bigint();
      const r = run(p.objective, p.x0);
      const extra = r as unknown as Record<string, unknown>;
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      rows.push({
        problem: name,
        method,
        converged: r.converged,
        iterations: r.iterations,
        evaluations: r.evaluations,
        hessians: (extra.hessianEvaluations as number | undefined) ?? 0,
        hvps: (extra.hessianVectorProducts as number | undefined) ?? 0,
        error: Number(errInf(r.x, p.xStar!).toPrecision(3)),
        scipyBfgsError: method.startsWith("bfgs") ? scipyBfgs[name] : undefined,
        scipyBfgsEvaluations: method.startsWith("bfgs") ? scipyBfgsEvaluations[name] : undefined,
        // torch's L-BFGS ends at 3.30976e-5 (printed 3.3e-5 in the issue): the threshold is that value rounded up
        evalsTo3_3e5: evaluationsTo(r, p.xStar!, 3.31e-5),
        evalsTo2_2e8: evaluationsTo(r, p.xStar!, 2.2e-8),
        ms: Number(ms.toFixed(2)),
        message: r.message.split(":")[0],
      });
    }
  }
  console.log("default tolerances; error = |x − x*|∞; evalsTo… = evaluations when that accuracy was first reached (— = never)");
  console.table(
    rows.map(({ scipyBfgsError, scipyBfgsEvaluations: scipyEvals, ...r }) => ({
      ...r,
      evalsTo3_3e5: r.evalsTo3_3e5 ?? "—",
      evalsTo2_2e8: r.evalsTo2_2e8 ?? "—",
      scipyError: scipyBfgsError ?? "",
      scipyEvals: scipyEvals ?? "",
    })),
  );

  const find = (problem: string, method: string) => rows.find((r) => r.problem === problem && r.method === method)!;
  const targets = [
    { what: "lbfgs, rosenbrock, |x − x*|∞ ≤ 3.31e-5", limit: 50, reference: "torch.optim.LBFGS(history_size=10, strong_wolfe)", got: find("rosenbrock", "lbfgs").evalsTo3_3e5 as number | null },
    { what: "bfgs, rosenbrock, |x − x*|∞ ≤ 2.2e-8", limit: 44, reference: "scipy.optimize.minimize(method='BFGS')", got: find("rosenbrock", "bfgs (more-thuente)").evalsTo2_2e8 as number | null },
  ].map((t) => ({ ...t, met: t.got !== null && t.got <= t.limit }));
  console.log("targets (evaluations):");
  console.table(targets);
  return { rows, targets };
}

if (require.main === module) {
  benchSecondOrder().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
