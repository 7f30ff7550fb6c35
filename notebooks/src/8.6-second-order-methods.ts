// %% [markdown]
// # 8.6 Approximate second-order methods
//
// First-order methods only see the slope. Second-order methods also use the curvature, the Hessian $H$,
// to choose both the direction and the length of each step. For the loss of a deep network the exact
// Hessian is too big to form, let alone invert, so the section is about methods that use curvature
// *approximately*: Newton's method (8.6.1) as the ideal, conjugate gradients (8.6.2), and BFGS and
// L-BFGS (8.6.3). All the methods here run in float64 from `d.secondOrder`.

// %%
import * as d from "./src";

// %% [markdown]
// ## 8.6.1 Newton's method
//
// Newton's method minimizes the second-order Taylor model $f(\theta_0) + (\theta-\theta_0)^\top g + \tfrac12 (\theta-\theta_0)^\top H (\theta-\theta_0)$
// exactly (eq. 8.26–8.27): $\theta^* = \theta_0 - H^{-1} g$. On a quadratic the model *is* the function,
// so one step lands on the minimum whatever the conditioning. On $f = \tfrac12\theta^\top \mathrm{diag}(1, 50)\theta$,
// where gradient descent must use $\epsilon < 2/50$:

// %%
const narrow = d.problems.quadratic({ A: [[1, 0], [0, 50]], b: [0, 0] });
const quadStart = [-1.8, 0.9];
const newtonQuad = d.secondOrder.newton(narrow, { x0: quadStart });
const gdQuad = d.run(d.book.sgd({ epsilon: 0.035 }), narrow, { x0: quadStart, steps: 40 });
console.log(`Newton: ${newtonQuad.iterations} step(s) to ${Array.from(newtonQuad.x).map((v) => v.toExponential(1)).join(", ")}; gradient descent after 40 steps: f = ${gdQuad.loss[40].toExponential(2)}`);
d.check.claim("Newton lands on the minimum of the quadratic in one step", { holds: newtonQuad.iterations === 1 && Math.max(...Array.from(newtonQuad.x, Math.abs)) < 1e-12 });

// %% [markdown]
// The figure shows both paths over the contours of the narrow bowl.

// %%
d.plot.contour({
  title: "f = ½ θᵀ diag(1, 50) θ: one Newton step vs 40 gradient-descent steps",
  f: (x, y) => narrow.f(Float64Array.of(x, y)),
  xRange: [-2, 2],
  yRange: [-1.2, 1.2],
  paths: [
    { name: "gradient descent, Alg. 8.1 (ε = 0.035), 40 steps", points: gdQuad.params },
    { name: "Newton, eq. 8.27 (1 step)", points: newtonQuad.trajectory },
  ],
  marks: [{ name: "minimum θ* = 0", x: 0, y: 0 }],
});

// %% [markdown]
// Gradient descent zig-zags across the steep direction and creeps along the shallow one; Newton's step
// rescales each eigen-direction by its curvature and goes straight to the minimum.
//
// **Away from a quadratic the Newton step can overshoot.** On the Rosenbrock function from $(-1.2, 1)$,
// pure Newton (step length 1, no line search) converges in a handful of iterations, but not monotonically:

// %%
const rosenbrock = d.problems.rosenbrock();
const start = [-1.2, 1];
const newtonRosen = d.secondOrder.newton(rosenbrock, { x0: start });
console.log(`pure Newton on Rosenbrock: f per iteration ${newtonRosen.fHistory.map((f) => f.toExponential(2)).join(" → ")}`);
d.plot.lines({
  title: "Pure Newton (step 1) on Rosenbrock from (−1.2, 1)",
  xTitle: "iteration",
  yTitle: "f(θ) − f* (log scale)",
  logY: true,
  series: [{ name: "Newton, eq. 8.27 (no line search)", y: newtonRosen.fHistory.map((f) => Math.max(f, 1e-30)), mode: "lines+markers" }],
});

// %% [markdown]
// The loss jumps from about 5 to about 1400 at the second step (the quadratic model was trusted far outside
// the region where it is accurate) and rises once more at the fourth, then falls quadratically fast once the
// iterate is near the minimum: the number of correct digits of $f$ goes from about 11 to about 19 in one step
// (of $\theta$, which enters $f$ squared, from about 5 to about 10). Line searches or trust regions restore monotonicity.

// %%
const fRosen = newtonRosen.fHistory;
d.check.claim("pure Newton converges in a handful of iterations", { value: newtonRosen.iterations, between: [3, 10] });
d.check.claim("pure Newton: f after the first step about 5", { value: fRosen[1], approx: 5, rel: 0.1 });
d.check.claim("pure Newton: f after the second step about 1400", { value: fRosen[2], approx: 1400, rel: 0.05 });
d.check.claim("pure Newton: f rises again at the fourth step", { value: fRosen[4] / fRosen[3], above: 1 });
d.check.claim("digits of f roughly double (log₁₀ f₆ / log₁₀ f₅)", { value: Math.log10(fRosen[6]) / Math.log10(fRosen[5]), between: [1.6, 2.2] });
//
// **Newton is attracted to saddle points.** The Newton step solves $\nabla f = 0$ for the local quadratic
// model; it does not care whether that point is a minimum. Take
// $f(x, y) = \tfrac12 x^2 + \tfrac14 y^4 - \tfrac12 y^2$, with minima at $(0, \pm1)$ and a saddle at the origin,
// and start at $(1, 0.3)$ where the $y$-curvature $3y^2 - 1$ is negative. The book's fix is to regularize,
// $\theta \leftarrow \theta - (H + \alpha I)^{-1} g$ (eq. 8.28); a line search with a Hessian made positive
// definite (Nocedal & Wright's Algorithm 3.3) is another.

// %%
const saddleProblem = d.lab.strictSaddle();
const saddleStart = [1, 0.3];
const saddleRuns = [
  { name: "pure Newton, eq. 8.27", result: d.secondOrder.newton(saddleProblem, { x0: saddleStart }) },
  { name: "regularized Newton, eq. 8.28 (α = 0.5)", result: d.secondOrder.newton(saddleProblem, { x0: saddleStart, damping: 0.5 }) },
  { name: "Newton + line search, H made positive definite", result: d.secondOrder.newton(saddleProblem, { x0: saddleStart, lineSearch: true }) },
];
for (const r of saddleRuns) {
  console.log(`${r.name.padEnd(48)} → (${Array.from(r.result.x).map((v) => v.toFixed(4)).join(", ")}), a ${r.result.stationaryPoint}, ${r.result.iterations} iterations`);
}
const endsAt = (k: number, x: number, y: number) => Math.hypot(saddleRuns[k].result.x[0] - x, saddleRuns[k].result.x[1] - y) < 1e-8;
d.check.claim("pure Newton converges to the saddle (0, 0)", { holds: endsAt(0, 0, 0) && saddleRuns[0].result.stationaryPoint === "saddle" });
d.check.claim("regularized Newton's first step goes toward the saddle and overshoots past y = 0 (y after one step)", { value: saddleRuns[1].result.trajectory[1][1], below: 0 });
d.check.claim("regularized Newton (α = 0.5) ends in the minimum (0, −1)", { holds: endsAt(1, 0, -1) && saddleRuns[1].result.stationaryPoint === "minimum" });
d.check.claim("Newton + line search ends in the minimum (0, 1)", { holds: endsAt(2, 0, 1) && saddleRuns[2].result.stationaryPoint === "minimum" });

// %% [markdown]
// The paths over the contours of $f$:

// %%
d.plot.contour({
  title: "f = ½x² + ¼y⁴ − ½y² from (1, 0.3): Newton finds the saddle, regularized Newton a minimum",
  f: (x, y) => saddleProblem.f(Float64Array.of(x, y)),
  xRange: [-1.2, 1.2],
  yRange: [-1.4, 1.4],
  xTitle: "x",
  yTitle: "y",
  paths: saddleRuns.map((r) => ({ name: r.name, points: r.result.trajectory })),
  marks: [
    { name: "minima (0, ±1)", x: 0, y: 1 },
    { name: "saddle (0, 0)", x: 0, y: 0 },
  ],
});

// %% [markdown]
// Pure Newton heads straight for the saddle and converges to it. With $\alpha = 0.5$ the $y$-curvature
// seen by the step is $3y^2 - 1 + 0.5$: still negative at the start, so the first step goes the wrong way
// and overshoots, but it ends in the minimum $(0, -1)$; with the line search the curvature is shifted until
// positive and the iterate walks downhill into the nearest minimum $(0, 1)$. In high dimensions, where saddle
// points vastly outnumber minima (8.2.3), this attraction is why plain Newton is not used to train networks.

// %% [markdown]
// **Exercise 8.6.1 — a Newton step (eq. 8.27).** Given $\theta$, the gradient $g$ and the Hessian $H$
// (symmetric positive definite), return $\theta - H^{-1} g$. Solve the linear system (e.g. by Gaussian
// elimination) rather than forming $H^{-1}$.

// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.6-1-newton", "schema_version": 3}}
function newtonStep(theta: number[], g: number[], H: number[][]): number[] {
  // BEGIN SOLUTION
  const n = g.length;
  const M = H.map((row, i) => [...row, g[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const step = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * step[k];
    step[r] = s / M[r][r];
  }
  return theta.map((t, i) => t - step[i]);
  // END SOLUTION
}

// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.6-1-newton-check", "points": 2, "schema_version": 3}}
d.check.newtonStep(newtonStep);
// BEGIN HIDDEN TESTS
d.check.newtonStep(newtonStep, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## 8.6.2 Conjugate gradients
//
// Steepest descent with an *exact* line search along $-g$ stops where the new gradient is orthogonal to
// the old direction, so consecutive directions are at right angles (the book's Fig. 8.6): each step partly
// undoes the progress of the one before. Conjugate gradients choose instead $d_t = -g_t + \beta_t d_{t-1}$
// with $\beta_t$ such that $d_t^\top H d_{t-1} = 0$ (the directions are *conjugate*), so minimizing along $d_t$
// does not spoil the minimization along the earlier directions. On a 2-D quadratic:

// %%
const coupled = [[6, 5], [5, 6]];
const coupledRhs = [1, -1];
const coupledQuad = d.problems.quadratic({ A: coupled, b: coupledRhs });
const zigzag = d.lab.steepestDescentExact(coupled, coupledRhs, [-2.3, 1.7], 12);
const cg2 = d.secondOrder.linearCG(coupledQuad, { x0: [-2.3, 1.7] });
const xStar = cg2.x;
d.plot.contour({
  title: "f = ½θᵀAθ − bᵀθ, A = [[6, 5], [5, 6]] (κ = 11): steepest descent (exact line search) vs conjugate gradients",
  f: (x, y) => coupledQuad.f(Float64Array.of(x, y)),
  xRange: [-3, 2],
  yRange: [-2, 2.5],
  paths: [
    { name: "steepest descent, exact line search (12 steps)", points: zigzag },
    { name: `linear conjugate gradients (${cg2.iterations} steps)`, points: cg2.trajectory },
  ],
  marks: [{ name: "minimum A⁻¹b", x: xStar[0], y: xStar[1] }],
});

// %% [markdown]
// Steepest descent turns by 90° at every step and is still short of the minimum after 12 steps; conjugate
// gradients reach it in 2 steps, the dimension of the problem.

// %%
d.check.claim("CG reaches the minimum in 2 steps", { value: cg2.iterations, approx: 2, abs: 0 });
d.check.claim("steepest descent after 12 steps is still short of the minimum (distance)", { value: Math.hypot(zigzag[12][0] - xStar[0], zigzag[12][1] - xStar[1]), above: 1e-3 });

// %% [markdown]
//
// **Linear CG finishes in $n$ steps.** In exact arithmetic CG minimizes a quadratic in $n$ dimensions in at
// most $n$ steps, and the residual falls fastest when the eigenvalues cluster. A 20-dimensional quadratic
// with eigenvalues $1, 6, 11, \ldots, 96$ (condition number 96), seeded random eigenvectors:

// %%
const n = 20;
const spectrum = Array.from({ length: n }, (_, i) => 1 + 5 * i);
const A20 = d.lab.spdWithSpectrum(spectrum, 0);
const b20 = Array.from({ length: n }, (_, i) => Math.sin(i + 1));
const quad20 = d.problems.quadratic({ A: A20, b: b20 });
const cg20 = d.secondOrder.linearCG(quad20, { x0: new Array(n).fill(0), gradTol: 0, maxIter: 25 });
const sd20 = d.lab.steepestDescentExact(A20, b20, new Array(n).fill(0), 25);
const residualOf = (x: ArrayLike<number>) => Math.max(...quad20.grad(Float64Array.from(x)).map(Math.abs));
d.plot.lines({
  title: `Quadratic in n = ${n} dimensions (eigenvalues 1 … 96): residual per step`,
  xTitle: "step",
  yTitle: "‖Aθ − b‖∞ (log scale)",
  logY: true,
  series: [
    { name: "linear conjugate gradients", y: cg20.trajectory.map((x) => Math.max(residualOf(x), 1e-18)), mode: "lines+markers" },
    { name: "steepest descent, exact line search", y: sd20.map((x) => residualOf(x)), mode: "lines+markers" },
    { name: `step n = ${n}`, x: [n, n], y: [1e-17, 10], dash: "dot", color: "#777777" },
  ],
});

// %% [markdown]
// CG's residual drops to rounding level ($10^{-15}$) at step 20 $= n$, as promised; steepest descent
// has not gained even one digit by then (its residual fell by a factor of about 2.6). CG only needs products $Hv$, never $H$ itself, which is what makes
// it usable for large models (Hessian-free optimization, Martens 2010).

// %%
const residual0 = residualOf(new Array(n).fill(0));
// site: output differs in the browser: a residual at rounding level depends on the last bits of exp/log, which Chromium's V8 rounds differently from Node's
d.check.claim("CG residual at step n = 20 is at rounding level", { value: residualOf(cg20.trajectory[n]), atMost: 1e-13 });
d.check.claim("steepest descent: residual reduction by step 20 ≈ 2.6 (less than one digit)", { value: residual0 / residualOf(sd20[n]), approx: 2.6, rel: 0.05 });

// %% [markdown]
// **Hessian-free Newton: Newton's steps at CG's price.** Newton's method needs the $d\times d$ Hessian at every
// iteration: for a logistic regression on $m$ examples, forming it costs $m d^2$ multiply-adds and factoring it
// $d^3/3$. *Hessian-free* optimization (truncated Newton, Newton–CG; Martens 2010) solves the Newton system
// $H p = -g$ approximately by CG, which only needs products $Hv = X^\top D X v/m + \lambda v$ — about $4md$
// multiply-adds each, without ever storing $H$. We run both (`d.secondOrder.newton` with a line search,
// `d.secondOrder.hessianFree`) to $\lVert\nabla f\rVert_\infty \le 10^{-8}$ on seeded logistic regressions
// ($\lambda = 10^{-3}$, $m = 2d$ examples) of growing dimension, count the multiply-adds spent on curvature, and
// time them (the faster of two runs; the times are printed, the counts plotted):

// %%
const hfCosts = d.lab.newtonVersusHessianFree({ features: [16, 32, 64, 128], examplesPerFeature: 2, l2: 1e-3, gradTol: 1e-8, repeats: 2, seed: 0 });
for (const c of hfCosts) {
  console.log(
    `d = ${String(c.dim).padStart(3)}: Newton ${c.newtonIterations} iterations, ${(1000 * c.newtonSeconds).toFixed(1).padStart(7)} ms, ${c.newtonFlops.toExponential(2)} multiply-adds;  ` +
      `Hessian-free ${c.hfIterations} iterations, ${c.hessianVectorProducts} products Hv, ${(1000 * c.hfSeconds).toFixed(1).padStart(6)} ms, ${c.hfFlops.toExponential(2)} multiply-adds`,
  );
}
d.plot.lines({
  title: "Logistic regression (m = 2d examples): cost of reaching ‖∇f‖∞ ≤ 1e-8",
  xTitle: "number of parameters d (log scale)",
  yTitle: "multiply-adds (log scale)",
  logX: true,
  logY: true,
  series: [
    { name: "Newton + line search: forming and factoring H", x: hfCosts.map((c) => c.dim), y: hfCosts.map((c) => c.newtonFlops), mode: "lines+markers" },
    { name: "Hessian-free Newton–CG: products Hv", x: hfCosts.map((c) => c.dim), y: hfCosts.map((c) => c.hfFlops), mode: "lines+markers" },
    { name: "slope 3 (∝ d³)", x: [hfCosts[0].dim, hfCosts[3].dim], y: [hfCosts[0].newtonFlops, hfCosts[0].newtonFlops * (hfCosts[3].dim / hfCosts[0].dim) ** 3], dash: "dot", color: "#777777" },
    { name: "slope 2 (∝ d²)", x: [hfCosts[0].dim, hfCosts[3].dim], y: [hfCosts[0].hfFlops, hfCosts[0].hfFlops * (hfCosts[3].dim / hfCosts[0].dim) ** 2], dash: "dot", color: "#bbbbbb" },
  ],
});

// %% [markdown]
// Both take the same handful of Newton iterations and reach the same minimizer. The number of products $Hv$
// Hessian-free needs hardly grows with $d$ (CG converges in far fewer than $d$ steps on this well-conditioned
// problem), so its cost grows like $md \propto d^2$ while Newton's grows like $md^2 \propto d^3$: on the log-log
// plot Newton's count has slope 3 and Hessian-free's about 2.4 (its number of products still creeps up). For small
// $d$ Hessian-free spends *more* multiply-adds (a few hundred products cost more than one small Hessian); the
// lines cross near $d = 65$, and at $d = 129$ Newton's count is ahead by less than a factor of 2, but the gap grows
// with $d$; the measured time gap is already several-fold, because
// forming $H$ writes $d^2$ numbers per example where a product $Hv$ streams through $X$ twice. For a network
// with millions of parameters only the Hessian-free route exists.

// %%
const slope = (ys: number[]) => Math.log(ys[ys.length - 1] / ys[0]) / Math.log(hfCosts[hfCosts.length - 1].dim / hfCosts[0].dim);
// site: output differs in the browser: the gap between the two minimizers (the solvers' tolerance) depends on the last bits of exp/log
d.check.claim("both methods reach the same minimizer (largest ‖x_Newton − x_HF‖∞)", { value: Math.max(...hfCosts.map((c) => c.agreement)), atMost: 1e-5 });
d.check.claim("Newton's multiply-adds grow like d³ (log-log slope)", { value: slope(hfCosts.map((c) => c.newtonFlops)), between: [2.6, 3.2] });
d.check.claim("Hessian-free multiply-adds: log-log slope about 2.4", { value: slope(hfCosts.map((c) => c.hfFlops)), approx: 2.4, abs: 0.2 });
d.check.claim("for small d Hessian-free spends more multiply-adds (HF / Newton at d = 17)", { value: hfCosts[0].hfFlops / hfCosts[0].newtonFlops, above: 1 });
d.check.claim("the counts cross near d = 65 (HF / Newton at d = 65)", { value: hfCosts[2].hfFlops / hfCosts[2].newtonFlops, between: [0.8, 1.25] });
d.check.claim("products Hv at the largest d over the smallest (hardly grows)", { value: hfCosts[hfCosts.length - 1].hessianVectorProducts / hfCosts[0].hessianVectorProducts, atMost: 3 });
d.check.claim("at d = 129 the multiply-add counts differ by less than a factor of 2 (Newton / HF)", { value: hfCosts[hfCosts.length - 1].newtonFlops / hfCosts[hfCosts.length - 1].hfFlops, between: [1, 2] });
d.check.claim("Hessian-free is several times faster at d = 129 (time ratio)", { value: hfCosts[hfCosts.length - 1].newtonSeconds / hfCosts[hfCosts.length - 1].hfSeconds, atLeast: 2 });

// %% [markdown]
//
// **Nonlinear CG.** For a non-quadratic $f$, CG is run with a line search and a formula for $\beta_t$:
// Fletcher–Reeves $\beta_t = \frac{g_t^\top g_t}{g_{t-1}^\top g_{t-1}}$ (eq. 8.29) or Polak–Ribière
// $\beta_t = \frac{(g_t - g_{t-1})^\top g_t}{g_{t-1}^\top g_{t-1}}$ (eq. 8.30), and it is restarted with $-g$ from
// time to time because conjugacy is lost. Polak–Ribière resets itself automatically ($\beta \approx 0$) when
// progress stalls, which is why it is usually preferred.

// %%
const cgCases: [string, d.Objective, ArrayLike<number>][] = [
  ["Rosenbrock (2-D)", rosenbrock, start],
  ["quad5 (5-D quadratic)", d.problems.reference("quad5").objective, d.problems.reference("quad5").x0],
  ["logistic regression, l2 (5-D)", d.problems.reference("logreg_l2").objective, d.problems.reference("logreg_l2").x0],
];
const cgRuns = cgCases.map(([name, obj, x0]) => ({
  name,
  fr: d.secondOrder.conjugateGradient(obj, { x0, variant: "fletcher-reeves", gradTol: 1e-8, restartEvery: 1000000 }),
  pr: d.secondOrder.conjugateGradient(obj, { x0, variant: "polak-ribiere", gradTol: 1e-8, restartEvery: 1000000 }),
}));
// site: output differs in the browser: on logistic regression the line searches take other paths when exp/log round differently in the last bit
console.log("evaluations (iterations) to ‖∇f‖∞ ≤ 1e-8, no periodic restarts:");
for (const r of cgRuns) {
  console.log(
    `  ${r.name.padEnd(32)} Fletcher–Reeves ${String(r.fr.evaluations).padStart(4)} (${r.fr.iterations}, ${r.fr.restarts} restarts)   ` +
      `Polak–Ribière+ ${String(r.pr.evaluations).padStart(4)} (${r.pr.iterations}, ${r.pr.restarts} restarts)`,
  );
}

// %% [markdown]
// The loss against evaluations on Rosenbrock shows the two rules side by side:

// %%
const cgEvaluations = (k: number) => [cgRuns[k].fr.evaluations, cgRuns[k].pr.evaluations];
// site: output differs in the browser: the ratios count the evaluations of the cell above, whose logistic row differs in the browser
d.check.claim("Rosenbrock: FR and PR+ alike (evaluation ratio)", { value: cgEvaluations(0)[0] / cgEvaluations(0)[1], between: [0.8, 1.25] });
d.check.claim("logistic: FR and PR+ alike (evaluation ratio)", { value: cgEvaluations(2)[0] / cgEvaluations(2)[1], between: [0.7, 1.5] });
d.check.claim("quad5: PR+ needs far more evaluations than FR (ratio)", { value: cgEvaluations(1)[1] / cgEvaluations(1)[0], atLeast: 5 });

// %% [markdown]

// %%
const rosenCg = cgRuns[0];
d.plot.lines({
  title: "Nonlinear CG on Rosenbrock from (−1.2, 1): Fletcher–Reeves vs Polak–Ribière+",
  xTitle: "function + gradient evaluations",
  yTitle: "f(θ) − f* (log scale)",
  logY: true,
  series: [
    { name: "CG, Fletcher–Reeves (eq. 8.29), strong Wolfe", x: rosenCg.fr.evaluationsAt, y: rosenCg.fr.fHistory.map((f) => Math.max(f, 1e-30)), mode: "lines+markers" },
    { name: "CG, Polak–Ribière+ (eq. 8.30), strong Wolfe", x: rosenCg.pr.evaluationsAt, y: rosenCg.pr.fHistory.map((f) => Math.max(f, 1e-30)), mode: "lines+markers" },
  ],
});

// %% [markdown]
// On these small problems the two rules behave alike on Rosenbrock (60 and 58 evaluations) and the logistic loss
// (40 and 30); on the quadratic quad5, where the line search is not exact, Polak–Ribière+ is by far the *slower*
// one here (222 evaluations against 19). The textbook advantage of
// Polak–Ribière shows on long runs in high dimensions where FR can take tiny steps for many iterations; in a
// low dimension the automatic restarts (Powell's test, which our implementation applies to both) hide it.

// %% [markdown]
// **Exercise 8.6.2 — Fletcher–Reeves (eq. 8.29).** Return $\beta = g_t^\top g_t \,/\, g_{t-1}^\top g_{t-1}$.

// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.6-2-fletcher-reeves", "schema_version": 3}}
function betaFletcherReeves(gNew: number[], gOld: number[]): number {
  // BEGIN SOLUTION
  const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
  return dot(gNew, gNew) / dot(gOld, gOld);
  // END SOLUTION
}

// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.6-2-fletcher-reeves-check", "points": 1, "schema_version": 3}}
d.check.cgBetaFletcherReeves(betaFletcherReeves);
// BEGIN HIDDEN TESTS
d.check.cgBetaFletcherReeves(betaFletcherReeves, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// **Exercise 8.6.3 — Polak–Ribière (eq. 8.30).** Return $\beta = (g_t - g_{t-1})^\top g_t \,/\, g_{t-1}^\top g_{t-1}$
// (the plain formula, without the $\max(\cdot, 0)$ of PR+).

// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.6-3-polak-ribiere", "schema_version": 3}}
function betaPolakRibiere(gNew: number[], gOld: number[]): number {
  // BEGIN SOLUTION
  const num = gNew.reduce((s, v, i) => s + (v - gOld[i]) * v, 0);
  return num / gOld.reduce((s, v) => s + v * v, 0);
  // END SOLUTION
}

// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.6-3-polak-ribiere-check", "points": 1, "schema_version": 3}}
d.check.cgBetaPolakRibiere(betaPolakRibiere);
// BEGIN HIDDEN TESTS
d.check.cgBetaPolakRibiere(betaPolakRibiere, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## 8.6.3 BFGS and L-BFGS
//
// Quasi-Newton methods keep an approximation $M_t \approx H^{-1}$ built from the changes of the gradient
// along the steps taken: with $s = \theta_{t+1} - \theta_t$ and $y = g_{t+1} - g_t$, BFGS updates
// $M \leftarrow (I - \rho s y^\top) M (I - \rho y s^\top) + \rho s s^\top$, $\rho = 1/y^\top s$, and steps along
// $-M g$ with a line search. That costs $O(n^2)$ memory. L-BFGS stores only the last $m$ pairs $(s, y)$
// and applies $M$ implicitly in $O(mn)$. On Rosenbrock, with Newton, CG, gradient descent and Adam for comparison:

// %%
const bfgsRun = d.secondOrder.bfgs(rosenbrock, { x0: start, gradTol: 1e-8 });
const lbfgsRun = d.secondOrder.lbfgs(rosenbrock, { x0: start, gradTol: 1e-8, historySize: 5 });
const newtonLs = d.secondOrder.newton(rosenbrock, { x0: start, lineSearch: true });
d.plot.contour({
  title: "Rosenbrock from (−1.2, 1): second-order and quasi-Newton trajectories",
  f: (x, y) => rosenbrock.f(Float64Array.of(x, y)),
  xRange: [-1.6, 1.6],
  yRange: [-0.6, 1.6],
  logZ: true,
  resolution: 70,
  paths: [
    { name: `BFGS (${bfgsRun.iterations} iterations)`, points: bfgsRun.trajectory },
    { name: `L-BFGS, m = 5 (${lbfgsRun.iterations} iterations)`, points: lbfgsRun.trajectory },
    { name: `Newton + line search (${newtonLs.iterations} iterations)`, points: newtonLs.trajectory },
    { name: `CG, Polak–Ribière+ (${rosenCg.pr.iterations} iterations)`, points: rosenCg.pr.trajectory },
  ],
  marks: [{ name: "minimum (1, 1)", x: 1, y: 1 }],
});

// %% [markdown]
// All four follow the curved valley floor with a few dozen long steps, where the first-order methods of
// 8.5 needed hundreds to thousands of short ones.

// %%
d.check.claim("the four take a few dozen steps at most (largest iteration count)", { value: Math.max(bfgsRun.iterations, lbfgsRun.iterations, newtonLs.iterations, rosenCg.pr.iterations), between: [10, 60] });

// %% [markdown]
// The cost that matters in practice is the number of function-and-gradient evaluations to reach a given accuracy:

// %%
const target = 1e-8;
const evaluationsTo = (fHistory: number[], evaluationsAt: number[]) => {
  const k = fHistory.findIndex((f) => f < target);
  return k < 0 ? null : evaluationsAt[k];
};
const firstOrderSteps = 20000;
const gdRace = d.lab.bestLearningRate((lr) => d.optim.sgd({ lr }), rosenbrock, { x0: start, steps: firstOrderSteps, lrs: [5e-4, 1e-3, 2e-3] });
const adamRace = d.lab.bestLearningRate((lr) => d.optim.adam({ lr }), rosenbrock, { x0: start, steps: firstOrderSteps, lrs: [0.01, 0.03, 0.1, 0.3] });
const stepIndex = (loss: number[]) => Array.from(loss, (_, k) => k);
const evaluationTable: [string, number | null, number][] = [
  [`gradient descent (best lr ${gdRace.lr})`, evaluationsTo(gdRace.trajectory.loss, stepIndex(gdRace.trajectory.loss)), gdRace.trajectory.loss[firstOrderSteps]],
  [`Adam (best lr ${adamRace.lr})`, evaluationsTo(adamRace.trajectory.loss, stepIndex(adamRace.trajectory.loss)), adamRace.trajectory.loss[firstOrderSteps]],
  ["CG, Fletcher–Reeves", evaluationsTo(rosenCg.fr.fHistory, rosenCg.fr.evaluationsAt), rosenCg.fr.f],
  ["CG, Polak–Ribière+", evaluationsTo(rosenCg.pr.fHistory, rosenCg.pr.evaluationsAt), rosenCg.pr.f],
  ["BFGS", evaluationsTo(bfgsRun.fHistory, bfgsRun.evaluationsAt), bfgsRun.f],
  ["L-BFGS (m = 5)", evaluationsTo(lbfgsRun.fHistory, lbfgsRun.evaluationsAt), lbfgsRun.f],
  ["Newton + line search (+ 1 Hessian per iteration)", evaluationsTo(newtonLs.fHistory, newtonLs.evaluationsAt), newtonLs.f],
];
console.log(`evaluations of (f, ∇f) until f < ${target} on Rosenbrock from (−1.2, 1):`);
for (const [name, evals, final] of evaluationTable) {
  console.log(`  ${name.padEnd(50)} ${evals === null ? `not within ${firstOrderSteps}` : String(evals)}   (final f ${final.toExponential(1)})`);
}

// %% [markdown]
// The same numbers as a bar chart (log scale; a method that did not reach the target is drawn at its budget;
// GD = gradient descent, CG-FR/CG-PR+ = the two CG variants, Newton+LS = Newton with line search):

// %%
d.plot.bar({
  title: `Evaluations of (f, ∇f) to reach f < ${target} on Rosenbrock`,
  categories: ["GD", "Adam", "CG-FR", "CG-PR+", "BFGS", "L-BFGS", "Newton+LS"],
  series: [{ name: "evaluations (budget if not reached)", values: evaluationTable.map(([, e]) => e ?? firstOrderSteps) }],
  xTitle: "method",
  yTitle: "evaluations (log scale)",
  logY: true,
});

// %% [markdown]
// Gradient descent does not reach $10^{-8}$ within 20000 evaluations and Adam needs thousands; CG, BFGS and
// L-BFGS need a few dozen. On a 2-D deterministic problem that is a factor of about 100 in favour of curvature;
// the reason they are not the default for deep networks is the next point and the noise of minibatch
// gradients, which breaks their line searches and curvature pairs.

// %%
const evaluationsOf = (prefix: string) => evaluationTable.find(([name]) => name.startsWith(prefix))![1];
d.check.claim("gradient descent does not reach 1e-8 within 20000 evaluations", { holds: evaluationsOf("gradient descent") === null });
d.check.claim("Adam needs thousands of evaluations", { value: evaluationsOf("Adam") ?? Infinity, between: [1000, 10000] });
const curvatureEvaluations = ["CG, Fletcher", "CG, Polak", "BFGS", "L-BFGS"].map((prefix) => evaluationsOf(prefix) ?? Infinity);
d.check.claim("CG, BFGS and L-BFGS need a few dozen evaluations (the most of them)", { value: Math.max(...curvatureEvaluations), between: [20, 99] });
d.check.claim("Adam over the curvature methods: a factor of about 100 (geometric mean of the ratios)", { value: Math.exp(curvatureEvaluations.reduce((s, e) => s + Math.log((evaluationsOf("Adam") ?? Infinity) / e), 0) / 4), between: [50, 200] });

// %% [markdown]
// **Memory.** BFGS stores an $n\times n$ matrix; L-BFGS with $m$ pairs stores $2mn$ numbers. In float64:

// %%
const sizes = [1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
const gib = (bytes: number) => bytes / 2 ** 30;
const memory = sizes.map((p) => d.lab.quasiNewtonMemory(p, 10));
for (let k = 0; k < sizes.length; k++) {
  console.log(`n = ${sizes[k].toExponential(0).padEnd(5)} BFGS ${gib(memory[k].bfgsBytes).toExponential(2).padStart(9)} GiB   L-BFGS (m = 10) ${gib(memory[k].lbfgsBytes).toExponential(2).padStart(9)} GiB`);
}
d.plot.lines({
  title: "Memory of the curvature model in float64: BFGS O(n²) vs L-BFGS O(mn)",
  xTitle: "number of parameters n",
  yTitle: "memory (GiB, log scale)",
  logX: true,
  logY: true,
  series: [
    { name: "BFGS: n × n matrix", x: sizes, y: memory.map((m) => gib(m.bfgsBytes)), mode: "lines+markers" },
    { name: "L-BFGS, m = 10 pairs (s, y)", x: sizes, y: memory.map((m) => gib(m.lbfgsBytes)), mode: "lines+markers" },
    { name: "80 GiB (one large GPU)", x: [sizes[0], sizes[sizes.length - 1]], y: [80, 80], dash: "dot", color: "#777777" },
  ],
});

// %% [markdown]
// BFGS's matrix passes the memory of a large GPU at about $10^5$ parameters; a network with $10^8$
// parameters would need 75 million GiB. L-BFGS stays at 15 GiB even there, which is why L-BFGS (full-batch
// or with large batches) is the quasi-Newton method that is actually used for neural networks.

// %%
d.check.claim("BFGS reaches 80 GiB at about 10⁵ parameters (n with 8n² bytes = 80 GiB)", { value: Math.sqrt((80 * 2 ** 30) / 8), approx: 1e5, rel: 0.05 });
d.check.claim("BFGS at 10⁸ parameters: about 75 million GiB", { value: gib(memory[5].bfgsBytes), approx: 75e6, rel: 0.01 });
d.check.claim("L-BFGS (m = 10) at 10⁸ parameters: about 15 GiB", { value: gib(memory[5].lbfgsBytes), approx: 15, rel: 0.01 });

// %% [markdown]
// **Exercise 8.6.4 — the BFGS inverse update.** Given $M \approx H^{-1}$, the step $s$ and the gradient change
// $y$ (with $y^\top s > 0$), return $(I - \rho s y^\top) M (I - \rho y s^\top) + \rho s s^\top$ with $\rho = 1/y^\top s$.

// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.6-4-bfgs", "schema_version": 3}}
function bfgsInverseUpdate(M: number[][], s: number[], y: number[]): number[][] {
  // BEGIN SOLUTION
  const n = s.length;
  const rho = 1 / s.reduce((acc, si, i) => acc + si * y[i], 0);
  const left = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0) - rho * s[i] * y[j]));
  const right = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0) - rho * y[i] * s[j]));
  const mul = (X: number[][], Y: number[][]) => X.map((row) => Y[0].map((_, j) => row.reduce((acc, v, k) => acc + v * Y[k][j], 0)));
  const core = mul(mul(left, M), right);
  return core.map((row, i) => row.map((v, j) => v + rho * s[i] * s[j]));
  // END SOLUTION
}

// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.6-4-bfgs-check", "points": 2, "schema_version": 3}}
d.check.bfgsInverseUpdate(bfgsInverseUpdate);
// BEGIN HIDDEN TESTS
d.check.bfgsInverseUpdate(bfgsInverseUpdate, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Further reading
//
// - J. Nocedal, S. J. Wright (2006). *Numerical Optimization*, 2nd ed., chapters 3 (line searches, modified
//   Newton), 5 (conjugate gradients) and 6–7 (BFGS, L-BFGS).
// - J. Martens (2010). *Deep learning via Hessian-free optimization.* ICML. (CG on Gauss–Newton products for deep networks)
// - Y. Dauphin, R. Pascanu, C. Gulcehre, K. Cho, S. Ganguli, Y. Bengio (2014). *Identifying and attacking the
//   saddle point problem in high-dimensional non-convex optimization.* NeurIPS. (why Newton's attraction to saddles matters)
// - D. C. Liu, J. Nocedal (1989). *On the limited memory BFGS method for large scale optimization.* Math. Programming 45.
// - R. Fletcher, C. M. Reeves (1964); E. Polak, G. Ribière (1969): the two $\beta$ rules of nonlinear CG.
