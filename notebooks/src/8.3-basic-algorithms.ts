// %% [markdown]
// # 8.3 Basic algorithms: SGD, momentum, Nesterov momentum
//
// Section 8.3 of *Deep Learning* introduces the three workhorses of neural-network training: stochastic
// gradient descent (Algorithm 8.1), momentum (Algorithm 8.2) and Nesterov momentum (Algorithm 8.3). This
// notebook runs each one on problems whose answer is known, so every claim of the section — how the
// learning rate must decay, how fast the error falls, how far momentum can accelerate — is *measured*
// and set beside its theory.

// %%
import * as d from "./src";

// %% [markdown]
// ## 8.3.1 Stochastic gradient descent
//
// SGD replaces the gradient of the cost by the mean gradient $\hat g$ of a minibatch of $m$ examples and
// steps $\theta \leftarrow \theta - \epsilon_k \hat g$. Because $\hat g$ is noisy even at the minimum, a
// constant learning rate leaves the iterate bouncing in a noise ball of size proportional to $\epsilon$: the
// learning rate has to decay. Convergence is guaranteed when $\sum_k \epsilon_k = \infty$ and
// $\sum_k \epsilon_k^2 < \infty$ (eqs. 8.12–8.13). In practice the book decays it linearly until
// iteration $\tau$ (eq. 8.14):
// $$\epsilon_k = (1-\alpha)\,\epsilon_0 + \alpha\,\epsilon_\tau, \qquad \alpha = k/\tau,$$
// and keeps $\epsilon_\tau$ afterwards.
//
// Our problem: logistic regression on 1,000 two-dimensional points from a known distribution with 10 %
// of the labels flipped, so the minimum is finite; a small L2 penalty makes it strongly convex. Newton's
// method (section 8.6) gives the exact minimum $f^*$, so we can plot the excess loss $f(\theta_k) - f^*$.

// %%
const data = d.lab.syntheticClassification({ n: 1000, dim: 2, seed: 1, labelNoise: 0.1 });
const l2 = 0.01;
const fullProblem = d.problems.logisticRegression({ X: data.X, y: data.y, l2 });
const best = d.secondOrder.newton(fullProblem, { x0: [0, 0, 0] });
const fStar = best.f;
const hessianEigenvalues = d.secondOrder.symmetricEigenvalues(fullProblem.hessian(best.x));
const mu = hessianEigenvalues[0];
console.log(`f* = ${fStar.toFixed(6)} nats at θ* = [${Array.from(best.x, (v) => v.toFixed(3)).join(", ")}]`);
console.log(`Hessian eigenvalues at θ*: ${hessianEigenvalues.map((v) => v.toFixed(4)).join(", ")} → strong convexity μ = ${mu.toFixed(4)}`);
const stochastic = (seed: number, batchSize = 10) =>
  d.problems.minibatchLogisticRegression({ X: data.X, y: data.y, l2, batchSize, seed });

// %% [markdown]
// We compare a constant rate with the linear decay of eq. 8.14 from the same $\epsilon_0 = 0.5$, both with
// minibatches of 10, for 3,000 steps (30 epochs).

// %%
const sgdSteps = 3000;
const decay = d.schedules.linearDecay({ epsilon0: 0.5, epsilonTau: 0.005, tau: 2000 });
const constantRun = d.run(d.book.sgd({ epsilon: 0.5 }), stochastic(0), { x0: [0, 0, 0], steps: sgdSteps });
const decayRun = d.run(d.chain(d.book.sgd({ epsilon: 0.5 }), d.scheduleLr(decay)), stochastic(0), { x0: [0, 0, 0], steps: sgdSteps });
const stepAxis = Array.from({ length: sgdSteps + 1 }, (_, k) => k);
d.plot.lines({
  title: "SGD on logistic regression (n = 1000, minibatch 10): constant rate vs linear decay (eq. 8.14)",
  xTitle: "step k",
  yTitle: "excess loss f(θₖ) − f* (nats)",
  logY: true,
  series: [
    { name: "SGD, constant ε = 0.5", x: stepAxis, y: constantRun.loss.map((f) => f - fStar) },
    { name: "SGD, ε: 0.5 → 0.005 linearly over τ = 2000", x: stepAxis, y: decayRun.loss.map((f) => f - fStar) },
  ],
});

// %% [markdown]
// With the constant rate the excess loss stops falling after a few hundred steps and fluctuates at a few
// times $10^{-3}$: that floor is the noise of the minibatch gradient times $\epsilon$. The decayed rate follows it
// at first and then keeps descending, ending about two orders of magnitude lower (medians, printed below).

// %%
const medianOver = (xs: number[], from: number, to: number) => {
  const sorted = xs.slice(from, to).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const constantFloor = medianOver(constantRun.loss.map((f) => f - fStar), 1000, sgdSteps + 1);
const decayEnd = medianOver(decayRun.loss.map((f) => f - fStar), sgdSteps - 500, sgdSteps + 1);
console.log(`median excess loss: constant ε ${constantFloor.toExponential(2)} (steps 1000–3000), decayed ${decayEnd.toExponential(2)} (last 500 steps)`);
d.check.claim("constant ε: the excess loss fluctuates at a few times 1e-3 (median over steps 1000–3000)", { value: constantFloor, between: [1e-3, 5e-3] });
d.check.claim("the decayed rate ends about two orders of magnitude lower (ratio of medians, 10^1.5 to 10^2.5)", { value: constantFloor / decayEnd, between: [10 ** 1.5, 10 ** 2.5] });

// %% [markdown]
// ### How fast can SGD converge?
//
// The book quotes the classical results (Bottou 2012): after $k$ steps the excess error of SGD is
// $O(1/\sqrt k)$ for convex problems and $O(1/k)$ for strongly convex ones. The schedules behind them are
// $\epsilon_k \propto 1/\sqrt k$ (the step size of the convex analysis) and $\epsilon_k = c/(\mu k)$ with
// $c > 1$ (which needs to know the strong convexity $\mu$). We run both on our problem with one example per
// step, drawn independently with replacement as the theory assumes (reshuffling every epoch, as above, is usually
// faster in practice; Gürbüzbalaban, Ozdaglar & Parrilo 2021 prove it for strongly convex sums — we do not measure it here), average $f(\theta_k) - f^*$ over 50 seeds, and fit a line on log-log axes over $k \in [500, 20000]$, once the
// start is forgotten.

// %%
const rateSteps = 20000;
const checkpoints = d.lab.logSpacedSteps(rateSteps, 40);
const schedulesCompared = [
  { label: "εₖ = 0.5/√(1 + k/10)", schedule: d.lab.inverseSqrtSchedule({ epsilon0: 0.5, k0: 10 }) },
  { label: `εₖ = 2/(μ(k + k₀)), μ = ${mu.toFixed(3)}, k₀ = 200`, schedule: d.schedules.inverseTime({ lr: 2 / (mu * 200), decay: 1 / 200 }) },
];
const excess = schedulesCompared.map(({ schedule }) =>
  d.lab.meanExcessLoss({
    objective: (seed) => d.lab.withReplacement(stochastic(0), { batchSize: 1, seed: 100 + seed }),
    optimizer: d.book.sgd({ epsilon: 1 }),
    schedule,
    x0: [0, 0, 0],
    steps: rateSteps,
    seeds: 50,
    fStar: fStar,
    at: checkpoints,
  }),
);
const fitRange = checkpoints.map((k, i) => i).filter((i) => checkpoints[i] >= 500);
const fits = excess.map((e) => d.lab.fitPowerLaw(fitRange.map((i) => checkpoints[i]), fitRange.map((i) => e[i])));
fits.forEach((f, j) => console.log(`${schedulesCompared[j].label}: fitted slope ${f.slope.toFixed(2)}`));
const fittedK = fitRange.map((i) => checkpoints[i]);
d.plot.lines({
  title: "SGD (1 i.i.d. example per step) on L2-regularized logistic regression, mean of 50 seeds",
  xTitle: "step k",
  yTitle: "mean excess loss f(θₖ) − f* (nats)",
  logX: true,
  logY: true,
  series: [
    ...schedulesCompared.map((s, j) => ({ name: `SGD, ${s.label}`, x: checkpoints, y: excess[j], mode: "lines+markers" as const })),
    ...fits.map((f, j) => ({ name: `fit: slope ${f.slope.toFixed(2)}`, x: fittedK, y: fittedK.map(f.predict), dash: "dash" as const })),
  ],
});

// %% [markdown]
// Read the slopes: the $1/\sqrt k$ schedule gives a line of slope close to $-\tfrac12$, the $1/(\mu k)$
// schedule one close to $-1$, the two rates of the theory. The noise the step size multiplies sets the
// pace: with $\epsilon_k \propto 1/\sqrt k$ the iterate's noise ball shrinks only like $1/\sqrt k$.
//
// The book draws a different conclusion from these rates than "SGD is slow". The Cramér–Rao bound says that
// the *generalization* error cannot fall faster than $O(1/k)$ in the number of examples $k$, whatever the
// estimator; so, following Bottou & Bousquet (2008), an *optimization* algorithm that converges faster than
// $O(1/k)$ on the training cost buys nothing that matters — the extra precision would be below the statistical
// error. (We measure the training cost here, on a finite sample; the bound is about the expected risk.)

// %%
d.check.claim("the 1/√k schedule: fitted slope close to −½", { value: fits[0].slope, approx: -0.5, abs: 0.1 });
d.check.claim("the 1/(μk) schedule: fitted slope close to −1", { value: fits[1].slope, approx: -1, abs: 0.1 });

// %% [markdown]
// ### The descent lemma and the $O(\beta/\epsilon^2)$ rate to a stationary point
//
// Without convexity the best general guarantee of gradient descent is about the gradient, not the cost. If
// $f$ is $\beta$-smooth ($\lVert\nabla^2 f\rVert \le \beta$), a step $\epsilon = 1/\beta$ lowers the cost by at least
// $\lVert g\rVert^2/(2\beta)$ (the *descent lemma*, eq. 8.10 with $g^\top H g \le \beta\lVert g\rVert^2$). Summing it over
// $k$ steps, $\min_{j<k}\lVert\nabla f(\theta_j)\rVert^2 \le 2\beta\,(f(\theta_0) - f_{\text{low}})/k$: a point with
// $\lVert\nabla f\rVert \le \delta$ is reached within $2\beta(f(\theta_0) - f_{\text{low}})/\delta^2$ steps. We check both on a
// non-convex problem whose $\beta$ is known exactly: regression with the Cauchy loss $\log(1 + r^2)$, 200
// examples in 10 dimensions, 20 % gross outliers, $f \ge f_{\text{low}} = 0$, $\beta = 2\lambda_{\max}(X^\top X/m)$.

// %%
const cauchy = d.lab.cauchyRegression({ n: 200, dim: 10, seed: 0 });
const lemmaSteps = 300;
const lemmaRun = d.run(d.book.sgd({ epsilon: 1 / cauchy.beta }), cauchy, { x0: new Float64Array(10), steps: lemmaSteps });
const squaredGrad = lemmaRun.params.map((p) => cauchy.grad(p).reduce((s, v) => s + v * v, 0));
const bestSoFar = squaredGrad.map((_, k) => Math.min(...squaredGrad.slice(0, k + 1)));
const lemmaK = Array.from({ length: lemmaSteps }, (_, k) => k + 1);
const lemmaBound = lemmaK.map((k) => (2 * cauchy.beta * lemmaRun.loss[0]) / k);
// Plotted until the gradient reaches rounding level (1e-20); the claims below use all 300 steps.
const plottedK = lemmaK.filter((k) => bestSoFar[k - 1] > 1e-20);
d.plot.lines({
  title: `Gradient descent, ε = 1/β, on Cauchy-loss regression (non-convex, β = ${cauchy.beta.toFixed(2)})`,
  xTitle: "step k",
  yTitle: "min over j < k of ‖∇f(θⱼ)‖²",
  logX: true,
  logY: true,
  series: [
    { name: "measured: smallest ‖∇f(θⱼ)‖² among j < k", x: plottedK, y: plottedK.map((k) => bestSoFar[k - 1]) },
    { name: "guarantee 2β(f(θ₀) − 0)/k", x: plottedK, y: plottedK.map((k) => lemmaBound[k - 1]), dash: "dash" },
  ],
});

// %%
const lemmaSlack = Math.min(...lemmaRun.loss.slice(1).map((f, k) => lemmaRun.loss[k] - squaredGrad[k] / (2 * cauchy.beta) - f));
d.check.claim("every step lowers f by at least ‖g‖²/(2β) (smallest slack over 300 steps ≥ 0)", { value: lemmaSlack, atLeast: -1e-12 });
d.check.claim("min ‖∇f‖² stays under 2β f(θ₀)/k at every k", { holds: lemmaK.every((k) => bestSoFar[k - 1] <= lemmaBound[k - 1]) });
const stepsToTolerance = squaredGrad.findIndex((g2) => g2 <= 1e-6);
const guaranteedSteps = (2 * cauchy.beta * lemmaRun.loss[0]) / 1e-6;
console.log(`‖∇f‖ ≤ 1e-3 first at step ${stepsToTolerance}; the guarantee allows up to ${guaranteedSteps.toExponential(2)} steps`);
d.check.claim("the guarantee is loose here: it allows over 10,000 times the steps actually needed to reach ‖∇f‖ ≤ 1e-3", { value: guaranteedSteps / stepsToTolerance, above: 1e4 });

// %% [markdown]
// Both inequalities hold at every step, and the bound is far from tight on this problem: once the run enters
// the basin of a minimum the gradient falls linearly, not like $1/\sqrt k$. The $O(\beta/\delta^2)$ count is a worst
// case over all $\beta$-smooth functions — and for first-order methods it cannot be improved in general
// (Carmon et al. 2020) — but it says nothing about *which* stationary point is reached: a saddle qualifies
// (section 8.2.3).

// %% [markdown]
// **Exercise 8.3.1 — the linear schedule (eq. 8.14).** Return $\epsilon_k$: the linear interpolation from
// $\epsilon_0$ at $k = 0$ to $\epsilon_\tau$ at $k = \tau$, and $\epsilon_\tau$ for every $k \ge \tau$.
// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.3-1-linear-decay", "schema_version": 3}}
function linearDecay(k: number, epsilon0: number, epsilonTau: number, tau: number): number {
  // BEGIN SOLUTION
  if (k >= tau) return epsilonTau;
  const alpha = k / tau;
  return (1 - alpha) * epsilon0 + alpha * epsilonTau;
  // END SOLUTION
}
// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.3-1-linear-decay-check", "points": 1, "schema_version": 3}}
d.check.linearDecay(linearDecay);
// BEGIN HIDDEN TESTS
d.check.linearDecay(linearDecay, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## 8.3.2 Momentum
//
// Momentum (Algorithm 8.2, Polyak 1964) keeps a velocity $v$, an exponentially decaying sum of past
// gradients, and moves along it:
// $$v \leftarrow \alpha v - \epsilon \nabla_\theta J(\theta), \qquad \theta \leftarrow \theta + v.$$
// On an ill-conditioned quadratic the gradient zig-zags across the narrow valley; the oscillating
// components cancel in $v$ while the small, consistent component along the valley accumulates. Our test
// bed: $f(\theta) = \tfrac12 \theta^\top H \theta$ with $H = \operatorname{diag}(1, 50)$, condition number $\kappa = 50$.
// Gradient descent is stable only for $\epsilon < 2/\lambda_{\max} = 0.04$.

// %%
const lambdas = [1, 50];
const bowl = d.problems.quadratic({ A: [[1, 0], [0, 50]], b: [0, 0] });
const start = [-9, 1.2];
const contourBox = { xRange: [-10, 2] as [number, number], yRange: [-1.6, 1.6] as [number, number] };
const gdPath = d.run(d.book.sgd({ epsilon: 0.035 }), bowl, { x0: start, steps: 40 });
const momentumPath = d.run(d.book.momentum({ epsilon: 0.01, alpha: 0.8 }), bowl, { x0: start, steps: 40 });
const nesterovPath = d.run(d.book.nesterov({ epsilon: 0.01, alpha: 0.8 }), bowl, { x0: start, steps: 40 });
d.plot.contour({
  title: "40 steps on f(θ) = ½θᵀ diag(1, 50) θ from (−9, 1.2)",
  f: (x, y) => bowl.f(Float64Array.of(x, y)),
  ...contourBox,
  xTitle: "θ₁",
  yTitle: "θ₂",
  zTitle: "f(θ)",
  logZ: true,
  paths: [
    { name: "gradient descent, Alg. 8.1 (ε = 0.035)", points: gdPath.params },
    { name: "momentum, Alg. 8.2 (ε = 0.01, α = 0.8)", points: momentumPath.params },
    { name: "Nesterov, Alg. 8.3 (ε = 0.01, α = 0.8)", points: nesterovPath.params },
  ],
  marks: [{ name: "minimum θ* = 0", x: 0, y: 0 }],
});

// %% [markdown]
// Gradient descent, at nearly the largest stable rate, bounces between the valley walls and crawls
// along the floor ($1 - \epsilon\lambda_{\min} = 0.965$ per step). Momentum, with a rate 3.5 times smaller,
// ends 2.6 times closer to the minimum along the valley (printed below); Nesterov's variant oscillates less because it corrects the
// velocity with the gradient at the point it is about to reach.

// %%
const along = (t: { params: Float64Array[] }) => Math.abs(t.params[40][0]);
const across = (t: { params: Float64Array[] }) => t.params.slice(1).reduce((s, p, k) => s + Math.abs(p[1] - t.params[k][1]), 0);
console.log(`after 40 steps |θ₁|: gradient descent ${along(gdPath).toFixed(3)}, momentum ${along(momentumPath).toFixed(3)}, Nesterov ${along(nesterovPath).toFixed(3)} (start 9)`);
d.check.claim("momentum ends 2.6 times closer along the valley than gradient descent (ratio of |θ₁| after 40 steps)", { value: along(gdPath) / along(momentumPath), approx: 2.6, rel: 0.05 });
d.check.claim("Nesterov oscillates less across the valley than momentum (total |Δθ₂|, Nesterov / momentum)", { value: across(nesterovPath) / across(momentumPath), below: 1 });

// %% [markdown]
//
// ### Terminal velocity
//
// If the gradient is always the same $g$, the velocity converges to $-\epsilon g/(1-\alpha)$, so the step
// size becomes (eq. 8.17)
// $$\text{speed} = \frac{\epsilon\,\lVert g\rVert}{1-\alpha}:$$
// momentum $\alpha = 0.9$ multiplies the step by 10, $\alpha = 0.99$ by 100. We check this on the linear
// cost $f(\theta) = g^\top\theta$ with $\lVert g\rVert = 1$.

// %%
const slopeDirection = Float64Array.of(0.6, 0.8);
const ramp = {
  name: "linear cost gᵀθ",
  dim: 2,
  f: (x: Float64Array) => slopeDirection[0] * x[0] + slopeDirection[1] * x[1],
  grad: () => slopeDirection.slice(),
  hessian: () => [[0, 0], [0, 0]],
};
const speedSteps = 300;
const alphas = [0.5, 0.9, 0.99];
const speeds = alphas.map((alpha) => {
  const t = d.run(d.book.momentum({ epsilon: 0.01, alpha }), ramp, { x0: [0, 0], steps: speedSteps });
  return t.params.slice(1).map((p, k) => Math.hypot(p[0] - t.params[k][0], p[1] - t.params[k][1]));
});
const stepIndex = Array.from({ length: speedSteps }, (_, k) => k + 1);
d.plot.lines({
  title: "Momentum on a constant gradient (‖g‖ = 1, ε = 0.01): speed approaches ε‖g‖/(1 − α)",
  xTitle: "step t",
  yTitle: "step length ‖θₜ − θₜ₋₁‖",
  logY: true,
  series: [
    ...alphas.map((alpha, j) => ({ name: `momentum, α = ${alpha}`, x: stepIndex, y: speeds[j] })),
    ...alphas.map((alpha) => ({ name: `terminal speed ε‖g‖/(1 − α) = ${(0.01 / (1 - alpha)).toFixed(2)}`, x: [1, speedSteps], y: [0.01 / (1 - alpha), 0.01 / (1 - alpha)], dash: "dash" as const })),
  ],
});

// %% [markdown]
// Each curve climbs to its dashed line: like a falling body reaching its terminal velocity, the speed
// approaches $\epsilon\lVert g\rVert/(1-\alpha)$ geometrically, at rate $\alpha$ — so with $\alpha = 0.99$ it
// takes hundreds of steps to get there.

// %%
alphas.forEach((alpha, j) => {
  const share = speeds[j][speedSteps - 1] / (0.01 / (1 - alpha));
  if (alpha < 0.99) d.check.claim(`α = ${alpha}: the speed reaches its terminal value (share after ${speedSteps} steps)`, { value: share, approx: 1, abs: 1e-6 });
  else d.check.claim(`α = 0.99: after ${speedSteps} steps still short of it, at 1 − 0.99³⁰⁰ ≈ 0.95`, { value: share, approx: 1 - 0.99 ** speedSteps, abs: 1e-9 });
});

// %% [markdown]
// **Exercise 8.3.2 — terminal speed (eq. 8.17).** Return the speed that momentum reaches under a constant
// gradient of norm `gradNorm`.
// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.3-2-terminal-speed", "schema_version": 3}}
function terminalSpeed(epsilon: number, gradNorm: number, alpha: number): number {
  // BEGIN SOLUTION
  return (epsilon * gradNorm) / (1 - alpha);
  // END SOLUTION
}
// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.3-2-terminal-speed-check", "points": 1, "schema_version": 3}}
d.check.terminalSpeed(terminalSpeed);
// BEGIN HIDDEN TESTS
d.check.terminalSpeed(terminalSpeed, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// **Exercise 8.3.3 — one momentum step (Algorithm 8.2).** Given $\theta$, the velocity $v$, the gradient
// $g$, $\epsilon$ and $\alpha$, return the new `{ theta, v }`.
// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.3-3-momentum", "schema_version": 3}}
function momentumStep(theta: number[], v: number[], g: number[], epsilon: number, alpha: number): { theta: number[]; v: number[] } {
  // BEGIN SOLUTION
  const vNext = v.map((vi, i) => alpha * vi - epsilon * g[i]);
  return { theta: theta.map((t, i) => t + vNext[i]), v: vNext };
  // END SOLUTION
}
// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.3-3-momentum-check", "points": 2, "schema_version": 3}}
d.check.momentumStep(momentumStep);
// BEGIN HIDDEN TESTS
d.check.momentumStep(momentumStep, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## 8.3.3 Nesterov momentum
//
// Nesterov momentum (Algorithm 8.3; Nesterov 1983, in the form of Sutskever et al. 2013) evaluates the
// gradient after the velocity has been applied:
// $$v \leftarrow \alpha v - \epsilon \nabla_\theta J(\theta + \alpha v), \qquad \theta \leftarrow \theta + v.$$
// The look-ahead acts as a correction: if the velocity is about to overshoot, the gradient there already
// pushes back.
//
// ### Convergence rates, measured and predicted
//
// On a quadratic every method is a linear recursion, so its error shrinks like $\rho^t$ with a rate $\rho$
// that the eigenvalues $\lambda_{\min} = \mu$, $\lambda_{\max} = L$ of $H$ determine:
//
// - gradient descent with $\epsilon = 1/L$: $\lVert\theta_t - \theta^*\rVert \le (1 - \epsilon\lambda_{\min})^t\,\lVert\theta_0 - \theta^*\rVert$, i.e. $\rho = 1 - 1/\kappa$;
// - heavy-ball momentum, optimally tuned ($\epsilon = 4/(\sqrt L + \sqrt\mu)^2$, $\alpha = \rho^2$): $\rho = \frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}$;
// - Nesterov with $\epsilon = 1/L$, $\alpha = \frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}$: $\rho = 1 - 1/\sqrt\kappa$. Nesterov's
//   guarantee (*Introductory Lectures*, 2004, Thm. 2.2.3) is on the cost, with a constant:
//   $f(\theta_t) - f^* \le (1 - 1/\sqrt\kappa)^t\,\bigl(f(\theta_0) - f^* + \tfrac\mu2\lVert\theta_0 - \theta^*\rVert^2\bigr)$.
//
// With $\kappa = 50$ that is 0.980 per step against 0.752 and 0.859: momentum replaces $\kappa$ by $\sqrt\kappa$.

// %%
const [muQ, LQ] = lambdas;
const kappa = LQ / muQ;
const heavyBall = d.lab.heavyBallOptimal(muQ, LQ);
const nesterovAlpha = (Math.sqrt(kappa) - 1) / (Math.sqrt(kappa) + 1);
const rateSteps2 = 120;
const x0Rates = [1, 1];
const dist = (t: { params: Float64Array[] }) => t.params.map((p) => Math.hypot(p[0], p[1]));
const r0 = Math.hypot(...x0Rates);
const tAxis = Array.from({ length: rateSteps2 + 1 }, (_, t) => t);
const measured = [
  { name: `gradient descent (ε = 1/L = ${(1 / LQ).toFixed(3)})`, t: d.run(d.book.sgd({ epsilon: 1 / LQ }), bowl, { x0: x0Rates, steps: rateSteps2 }), rate: 1 - muQ / LQ, bound: "(1 − ελₘᵢₙ)ᵗ" },
  { name: `heavy ball (ε = ${heavyBall.epsilon.toFixed(4)}, α = ${heavyBall.alpha.toFixed(3)})`, t: d.run(d.book.momentum({ epsilon: heavyBall.epsilon, alpha: heavyBall.alpha }), bowl, { x0: x0Rates, steps: rateSteps2 }), rate: heavyBall.rate, bound: "((√κ−1)/(√κ+1))ᵗ" },
  { name: `Nesterov (ε = 1/L, α = ${nesterovAlpha.toFixed(3)})`, t: d.run(d.book.nesterov({ epsilon: 1 / LQ, alpha: nesterovAlpha }), bowl, { x0: x0Rates, steps: rateSteps2 }), rate: 1 - 1 / Math.sqrt(kappa), bound: "(1 − 1/√κ)ᵗ" },
];
// Along λ_min Nesterov's recursion θₜ₊₁ = (1 + α)cθₜ − αcθₜ₋₁ (c = 1 − μ/L) has the double root r = 1 − 1/√κ, and
// θ₁ = cθ₀ fixes θₜ = (1 + t/√κ)·rᵗ·θ₀; along λ_max, c = 0 and the error is gone after one step.
const nesterovExact = (t: number) => (t === 0 ? r0 : (1 + t / Math.sqrt(kappa)) * Math.pow(1 - 1 / Math.sqrt(kappa), t) * x0Rates[0]);
d.plot.lines({
  title: "Convergence on f = ½θᵀ diag(1, 50) θ (κ = 50): measured (solid) vs theoretical rate (dashed)",
  xTitle: "step t",
  yTitle: "distance to the minimum ‖θₜ − θ*‖",
  logY: true,
  series: [
    ...measured.flatMap((m) => [
      { name: m.name, x: tAxis, y: dist(m.t) },
      { name: `${m.bound}·‖θ₀ − θ*‖: the rate ${m.rate.toFixed(3)}, not a bound`, x: tAxis, y: tAxis.map((t) => r0 * Math.pow(m.rate, t)), dash: "dash" as const },
    ]),
    { name: "Nesterov, exact: (1 + t/√κ)(1 − 1/√κ)ᵗ along λₘᵢₙ", x: tAxis, y: tAxis.map(nesterovExact), dash: "dot" as const, color: "#999999" },
    {
      name: "heavy ball, exact: (1 + (1 ∓ ρ)t)·ρᵗ per direction",
      x: tAxis,
      y: tAxis.map((t) => d.lab.heavyBallOptimalError(muQ, LQ, { mu: x0Rates[0], L: x0Rates[1] }, t)),
      dash: "dot" as const,
      color: "#555555",
    },
  ],
});

// %% [markdown]
// Gradient descent runs parallel to its dashed line, a factor $\sqrt2$ below it (with $\epsilon = 1/L$ the steep
// direction is solved in the first step, leaving the flat one): it loses a factor 10 every 114 steps, at rate
// $1 - \epsilon\lambda_{\min}$ exactly. Nesterov's curve lies *above* its dashed line $(1 - 1/\sqrt\kappa)^t\lVert\theta_0 - \theta^*\rVert$
// (that rate alone would be a factor 10 every 15 steps), by a factor of about 12.7 at $t = 120$, for the same
// reason as the heavy ball below: along $\lambda_{\min}$ its recursion has the *double* root $r = 1 - 1/\sqrt\kappa$, so
// the error is $(1 + t/\sqrt\kappa)\,r^t$ — the light dotted curve, on which the measured points lie. The dashed line
// is the rate, not a bound on the distance; the guarantee is the one on $f - f^*$ above, which the run meets at every
// step (checked below). The tuned heavy ball is the fastest, but its curve also climbs above the pure $\rho^t$ line,
// by a factor of about 150 at $t = 120$: at Polyak's setting each extreme eigen-direction sits on a *repeated* root
// $r$ of its recursion ($r = \rho$ along $\lambda_{\min}$, $r = -\rho$ along $\lambda_{\max}$), and a repeated root gives
// $\theta_{i,t} = \bigl(1 + (1 - r)\,t\bigr)\,r^t\,\theta_{i,0}$. The dark dotted curve is that exact formula; the measured
// heavy ball lies on it. The factor growing like $t$ does not change the rate — on a log scale the slope still tends
// to $\log\rho$ — but it costs about two decades here.

// %%
const [gdRates, hbRates, nesterovRates] = measured.map((m) => dist(m.t));
const atEnd = (m: (typeof measured)[number], ds: number[]) => ds[rateSteps2] / (r0 * Math.pow(m.rate, rateSteps2));
d.check.claim("rates per step for κ = 50: gradient descent 1 − 1/κ", { value: measured[0].rate, approx: 0.98, abs: 5e-4 });
d.check.claim("heavy ball (√κ − 1)/(√κ + 1)", { value: measured[1].rate, approx: 0.752, abs: 5e-4 });
d.check.claim("Nesterov 1 − 1/√κ", { value: measured[2].rate, approx: 0.859, abs: 5e-4 });
d.check.claim("gradient descent: a factor √2 below its dashed line at t = 120", { value: atEnd(measured[0], gdRates), approx: Math.SQRT1_2, rel: 1e-3 });
d.check.claim("gradient descent loses a factor 10 every 114 steps", { value: Math.log(10) / -Math.log(measured[0].rate), approx: 114, rel: 0.01 });
d.check.claim("the rate 1 − 1/√κ alone: a factor 10 every 15 steps", { value: Math.log(10) / -Math.log(measured[2].rate), approx: 15, rel: 0.02 });
d.check.claim("Nesterov lies above its dashed line, by about 12.7 at t = 120", { value: atEnd(measured[2], nesterovRates), approx: 12.7, rel: 0.01 });
d.check.claim("Nesterov's measured distance follows (1 + t/√κ)(1 − 1/√κ)ᵗ (largest relative deviation)", { value: Math.max(...tAxis.map((t) => Math.abs(nesterovRates[t] / nesterovExact(t) - 1))), below: 1e-9 });
const fGap0 = measured[2].t.loss[0];
const nesterovGuarantee = tAxis.every((t) => measured[2].t.loss[t] <= Math.pow(1 - 1 / Math.sqrt(kappa), t) * (fGap0 + (muQ / 2) * r0 * r0));
d.check.claim("Nesterov meets its guarantee on the cost, f(θₜ) − f* ≤ (1 − 1/√κ)ᵗ(f(θ₀) − f* + μ/2‖θ₀ − θ*‖²), at every t", { holds: nesterovGuarantee });
d.check.claim("heavy ball climbs above ρᵗ‖θ₀ − θ*‖ by a factor of about 150 at t = 120", { value: atEnd(measured[1], hbRates), approx: 150, rel: 0.05 });
d.check.claim("the measured heavy ball lies on the exact formula (largest relative deviation)", { value: Math.max(...tAxis.map((t) => Math.abs(hbRates[t] / d.lab.heavyBallOptimalError(muQ, LQ, { mu: x0Rates[0], L: x0Rates[1] }, t) - 1))), below: 1e-9 });
//
// ### Without strong convexity: $O(1/k)$ against $O(1/k^2)$
//
// If the smallest eigenvalue is (nearly) zero there is no useful linear rate. For convex, $L$-smooth costs
// gradient descent with $\epsilon = 1/L$ guarantees $f(\theta_k) - f^* \le L\lVert\theta_0 - \theta^*\rVert^2/(2k)$; Nesterov (1983) showed
// that momentum growing like $\alpha_t = t/(t+3)$ gives $2L\lVert\theta_0 - \theta^*\rVert^2/(k+1)^2$, and that no first-order method
// can do better than $O(1/k^2)$ in general. We take a 2,000-dimensional quadratic $\tfrac12\sum_i\lambda_i\theta_i^2$ with
// eigenvalues spaced evenly on a log scale from $10^{-8}$ to $1$ and start from $\theta_0 = (1, \dots, 1)$: the
// error mass below any curvature $s$ is then proportional to $s$, the situation in which both rates are attained
// ($\mu = 10^{-8}$ is far too small to matter in 1,000 steps).

// %%
const flatN = 2000;
const flat = d.lab.diagonalQuadratic(Array.from({ length: flatN }, (_, i) => Math.pow(10, -8 + (8 * i) / (flatN - 1))));
const flatL = 1;
const flatX0 = new Float64Array(flatN).fill(1);
const flatR0 = flatX0.reduce((s, v) => s + v * v, 0);
const flatSteps = 1000;
const gdFlat = d.run(d.book.sgd({ epsilon: 1 / flatL }), flat, { x0: flatX0, steps: flatSteps });
const agdFlat = d.lab.acceleratedGradient(flat, { epsilon: 1 / flatL, x0: flatX0, steps: flatSteps });
const ks = d.lab.logSpacedSteps(flatSteps, 40);
const fitFrom = ks.filter((k) => k >= 20);
const gapAt = (loss: number[], steps: number[]) => steps.map((k) => loss[k]);
const flatFit = [d.lab.fitPowerLaw(fitFrom, gapAt(gdFlat.loss, fitFrom)), d.lab.fitPowerLaw(fitFrom, gapAt(agdFlat.loss, fitFrom))];
console.log(`fitted slopes over k ∈ [20, ${flatSteps}]: gradient descent ${flatFit[0].slope.toFixed(2)}, accelerated ${flatFit[1].slope.toFixed(2)}`);
d.plot.lines({
  title: "Convex, not strongly convex: ½Σᵢ λᵢθᵢ², 2000 eigenvalues log-spaced in [1e-8, 1], θ₀ = 1",
  xTitle: "step k",
  yTitle: "f(θₖ) − f*",
  logX: true,
  logY: true,
  series: [
    { name: `gradient descent, ε = 1/L (fitted slope ${flatFit[0].slope.toFixed(2)})`, x: ks, y: gapAt(gdFlat.loss, ks) },
    { name: "bound L‖θ₀−θ*‖²/(2k)", x: ks, y: ks.map((k) => (flatL * flatR0) / (2 * k)), dash: "dash" },
    { name: `Nesterov, ε = 1/L, αₜ = t/(t+3) (fitted slope ${flatFit[1].slope.toFixed(2)})`, x: ks, y: gapAt(agdFlat.loss, ks) },
    { name: "bound 2L‖θ₀−θ*‖²/(k+1)²", x: ks, y: ks.map((k) => (2 * flatL * flatR0) / (k + 1) ** 2), dash: "dash" },
  ],
});

// %% [markdown]
// Both methods stay under their dashed bounds. Gradient descent's gap falls with a slope near $-1$;
// the accelerated method's with a slope near $-2$ (with ripples: its error oscillates), so after 1,000 steps it
// is more than a hundred times closer. On Nesterov's own worst-case chain (`d.lab.nesterovWorstCase`, $n = 2000$, so that
// $k < n/2$ throughout) the same two methods are slower — checked below: slopes near $-\tfrac12$ and $-1$ — still
// under the bounds, and still a squared gap between them. On such problems, momentum is not a small
// constant-factor trick: it changes the rate.

// %%
const flatBound = (loss: number[], factor: number, power: number) => ks.every((k) => loss[k] <= (factor * flatL * flatR0) / (k + (power === 2 ? 1 : 0)) ** power);
d.check.claim("both methods stay under their bounds at every plotted k", { holds: flatBound(gdFlat.loss, 0.5, 1) && flatBound(agdFlat.loss, 2, 2) });
d.check.claim("gradient descent: fitted slope near −1", { value: flatFit[0].slope, approx: -1, abs: 0.15 });
d.check.claim("accelerated: fitted slope near −2", { value: flatFit[1].slope, approx: -2, abs: 0.25 });
d.check.claim("after 1,000 steps the accelerated method is more than a hundred times closer", { value: gdFlat.loss[flatSteps] / agdFlat.loss[flatSteps], between: [100, 200] });
const worst = d.lab.nesterovWorstCase({ n: 2000 });
const worstX0 = new Float64Array(2000);
const worstGd = d.run(d.book.sgd({ epsilon: 1 / worst.L }), worst, { x0: worstX0, steps: flatSteps });
const worstAgd = d.lab.acceleratedGradient(worst, { epsilon: 1 / worst.L, x0: worstX0, steps: flatSteps });
const worstFit = [worstGd.loss, worstAgd.loss].map((loss) => d.lab.fitPowerLaw(fitFrom, fitFrom.map((k) => loss[k] - worst.fStar)));
console.log(`worst-case chain: fitted slopes ${worstFit.map((f) => f.slope.toFixed(2)).join(" and ")}`);
d.check.claim("worst-case chain, gradient descent: slope near −½", { value: worstFit[0].slope, approx: -0.5, abs: 0.15 });
d.check.claim("worst-case chain, accelerated: slope near −1", { value: worstFit[1].slope, approx: -1, abs: 0.2 });

// %% [markdown]
// ### Which (ε, α) converge, and how fast?
//
// For momentum on the quadratic with eigenvalues 1 and 50 the rate $\rho(\epsilon, \alpha)$ is the largest
// spectral radius of the $2\times 2$ recursions $[[1+\alpha-\epsilon\lambda_i, -\alpha], [1, 0]]$ (the analysis of
// Goh's "Why Momentum Really Works", 2017). The map shows it over a grid; blank cells mean $\rho \ge 1$, no convergence.

// %%
const lrGrid = Array.from({ length: 80 }, (_, i) => (0.08 * (i + 1)) / 80);
const alphaGrid = Array.from({ length: 100 }, (_, j) => j / 100);
const rateMap = alphaGrid.map((alpha) => lrGrid.map((epsilon) => {
  const rho = d.lab.momentumRate(epsilon, alpha, lambdas);
  return rho >= 1 ? NaN : rho;
}));
d.plot.heatmap({
  title: "Convergence rate ρ of momentum on ½θᵀ diag(1, 50) θ (blank: ρ ≥ 1, diverges or stalls)",
  z: rateMap,
  x: lrGrid.map((v) => Number(v.toFixed(4))),
  y: alphaGrid,
  xTitle: "learning rate ε",
  yTitle: "momentum α",
  zTitle: "ρ per step",
});

// %% [markdown]
// The stable region widens with momentum: gradient descent ($\alpha = 0$, bottom row) needs $\epsilon < 0.04$,
// while with momentum $\alpha$ the limit is $\epsilon < 2(1+\alpha)/L$, up to twice as large. The darkest cell
// sits at Polyak's optimum, printed below; along the curved ridge through it the two eigen-directions
// converge equally fast, and above it the rate is $\sqrt\alpha$ whatever $\epsilon$ is — too much momentum
// makes everything oscillate.

// %%
console.log(`optimal heavy ball: ε = ${heavyBall.epsilon.toFixed(4)}, α = ${heavyBall.alpha.toFixed(3)}, ρ = ${heavyBall.rate.toFixed(3)} per step`);
console.log(`best gradient descent (α = 0): ε = 2/(μ + L) = ${(2 / (muQ + LQ)).toFixed(4)}, ρ = (κ − 1)/(κ + 1) = ${((kappa - 1) / (kappa + 1)).toFixed(3)}`);
const stableEdge = (alpha: number) => [0.99, 1.01].map((f) => d.lab.momentumRate((f * 2 * (1 + alpha)) / LQ, alpha, lambdas));
d.check.claim("the stability limit is ε < 2(1 + α)/L (α = 0, 0.5, 0.9: ρ < 1 at 0.99× the limit, ≥ 1 at 1.01×)", { holds: [0, 0.5, 0.9].every((a) => stableEdge(a)[0] < 1 && stableEdge(a)[1] >= 1) });
const bestCell = Math.min(...rateMap.flat().filter((v) => Number.isFinite(v)));
d.check.claim("the darkest cell is at Polyak's optimum (best ρ on the grid vs the optimal ρ)", { value: bestCell, approx: heavyBall.rate, rel: 0.02 });
d.check.claim("with α = 0.95 the rate is √α for every ε between 0.01 and 0.07 (complex roots)", { holds: [0.01, 0.03, 0.05, 0.07].every((e) => Math.abs(d.lab.momentumRate(e, 0.95, lambdas) - Math.sqrt(0.95)) < 1e-12) });

// %% [markdown]
// ### A slider over the learning rate
//
// The same story step by step: for each learning rate the slider shows 30 steps of gradient descent and of
// momentum with $\alpha = 0.8$. All frames are computed here, so the slider also works in the static HTML book.

// %%
const sliderRates = [0.005, 0.01, 0.02, 0.03, 0.038, 0.045, 0.06, 0.07];
const inBox = (p: ArrayLike<number>) => Math.abs(p[0]) < 12 && Math.abs(p[1]) < 2.5;
const firstOutside = (ps: Float64Array[]) => {
  const k = ps.findIndex((p) => !inBox(p));
  return k < 0 ? ps : ps.slice(0, k + 1);
};
d.plot.slider({
  title: "30 steps on ½θᵀ diag(1, 50) θ: gradient descent vs momentum (α = 0.8)",
  label: "learning rate ε",
  contour: {
    f: (x, y) => bowl.f(Float64Array.of(x, y)),
    ...contourBox,
    xTitle: "θ₁",
    yTitle: "θ₂",
    logZ: true,
    resolution: 60,
    marks: [{ name: "minimum θ* = 0", x: 0, y: 0 }],
  },
  steps: sliderRates.map((epsilon) => ({
    value: String(epsilon),
    paths: [
      { name: `gradient descent (ε = ${epsilon}; ρ = ${d.lab.gradientDescentRate(epsilon, lambdas).toFixed(3)})`, points: firstOutside(d.run(d.book.sgd({ epsilon }), bowl, { x0: start, steps: 30 }).params) },
      { name: `momentum α = 0.8 (ε = ${epsilon}; ρ = ${d.lab.momentumRate(epsilon, 0.8, lambdas).toFixed(3)})`, points: firstOutside(d.run(d.book.momentum({ epsilon, alpha: 0.8 }), bowl, { x0: start, steps: 30 }).params) },
    ],
  })),
  initial: 1,
});

// %% [markdown]
// Moving the slider right, gradient descent zig-zags more and more and leaves the plot once $\epsilon > 0.04$
// ($\rho > 1$ in the legend), while momentum keeps converging up to $\epsilon = 2(1 + 0.8)/50 = 0.072$.

// %%
d.check.claim("on the slider, gradient descent diverges exactly for the rates above 0.04", { holds: sliderRates.every((e) => (d.lab.gradientDescentRate(e, lambdas) >= 1) === e > 0.04) });
d.check.claim("momentum (α = 0.8) converges for every slider rate, up to 0.07 < 0.072", { holds: sliderRates.every((e) => d.lab.momentumRate(e, 0.8, lambdas) < 1) && d.lab.momentumRate(0.0721, 0.8, lambdas) >= 1 });

// %% [markdown]
// **Exercise 8.3.4 — one Nesterov step (Algorithm 8.3).** `gradAt(x)` returns the gradient at any point.
// Evaluate it at the interim point $\theta + \alpha v$, update $v$, then $\theta$; return `{ theta, v }`.
// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.3-4-nesterov", "schema_version": 3}}
function nesterovStep(theta: number[], v: number[], gradAt: (x: number[]) => number[], epsilon: number, alpha: number): { theta: number[]; v: number[] } {
  // BEGIN SOLUTION
  const g = gradAt(theta.map((t, i) => t + alpha * v[i]));
  const vNext = v.map((vi, i) => alpha * vi - epsilon * g[i]);
  return { theta: theta.map((t, i) => t + vNext[i]), v: vNext };
  // END SOLUTION
}
// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.3-4-nesterov-check", "points": 2, "schema_version": 3}}
d.check.nesterovStep(nesterovStep);
// BEGIN HIDDEN TESTS
d.check.nesterovStep(nesterovStep, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Further reading
//
// - B. T. Polyak (1964), *Some methods of speeding up the convergence of iteration methods* — the heavy ball and its optimal rate.
// - Y. Nesterov (1983), *A method for solving the convex programming problem with convergence rate O(1/k²)*; and *Introductory Lectures on Convex Optimization* (2004) for the worst-case function.
// - I. Sutskever, J. Martens, G. Dahl, G. Hinton (2013), *On the importance of initialization and momentum in deep learning* — Nesterov momentum in the form of Algorithm 8.3.
// - L. Bottou (2012), *Stochastic gradient descent tricks* — the $O(1/\sqrt k)$ and $O(1/k)$ rates of SGD.
// - L. Bottou, O. Bousquet (2008), *The tradeoffs of large scale learning* — why optimizing faster than $O(1/k)$ buys nothing for generalization.
// - Y. Carmon, J. Duchi, O. Hinder, A. Sidford (2020), *Lower bounds for finding stationary points I* — the $O(\beta/\delta^2)$ rate of gradient descent is optimal among first-order methods.
// - G. Goh (2017), *Why Momentum Really Works*, Distill — the (ε, α) analysis behind the heat map.
// - A. Wilson, R. Roelofs, M. Stern, N. Srebro, B. Recht (2017), *The marginal value of adaptive gradient methods in machine learning* — why plain SGD with momentum remains a strong baseline.
