// %% [markdown]
// # 8.5 Algorithms with adaptive learning rates
//
// The learning rate is the hyperparameter that matters most, and the cost is very sensitive to some
// directions of parameter space and nearly flat in others. Momentum (8.3.2) helps with that but adds a
// hyperparameter. The algorithms of this section instead give **every parameter its own learning rate**
// and adapt it automatically from the history of that parameter's gradient. We follow the book:
// 8.5.1 AdaGrad, 8.5.2 RMSProp, 8.5.3 Adam, 8.5.4 choosing an algorithm; on the way we look at the
// relatives PyTorch ships (AdaDelta, AdaMax, NAdam, AMSGrad, Rprop) and at the places where PyTorch's
// formulas differ from the book's.

// %%
import * as d from "./src";

// %% [markdown]
// ## 8.5.1 AdaGrad
//
// AdaGrad (Duchi et al., 2011; Algorithm 8.4) accumulates every squared gradient component,
// $r \leftarrow r + g \odot g$, and scales the step by the inverse square root of the sum:
// $$\Delta\theta = -\frac{\epsilon}{\delta + \sqrt{r}} \odot g .$$
// The **effective learning rate** of coordinate $i$ at step $t$ is $\epsilon / (\delta + \sqrt{r_{t,i}})$.
// Directions with large past gradients get small rates, flat directions large ones. The catch is the
// word *past*: $r$ only grows, so it remembers gradients from early in training for ever.
//
// **The AdaGrad decay problem.** Take two parameters whose gradients both start near 1000. Over about a
// hundred steps the first one's gradient falls to about 100 while the second one's stays near 750 (the
// gradient of a deep network often changes scale like this when training leaves its initial regime).
// We feed the same gradient sequence to AdaGrad and to RMSProp (8.5.2), whose $r$ is an exponentially
// decaying average instead of a sum, and record $-\Delta\theta_i / g_i$: the rate each coordinate
// actually got.

// %%
const steps = 500;
const gradients = d.lab.relaxingGradients({ steps, from: [1000, 1000], to: [100, 750], halfLife: 20 });
const adagradRates = d.lab.effectiveRates(d.book.adagrad({ epsilon: 1, delta: 1e-7 }), gradients);
const rmspropRates = d.lab.effectiveRates(d.book.rmsprop({ epsilon: 0.01, rho: 0.9, delta: 1e-6 }), gradients);
const stepAxis = gradients.map((_, t) => t + 1);
const column = (rows: number[][], i: number) => rows.map((r) => r[i]);
console.log(`gradients at step 1: ${gradients[0].join(", ")}; at step ${steps}: ${gradients[steps - 1].map((g) => g.toFixed(1)).join(", ")}`);

// %% [markdown]
// The figure shows the two coordinates' effective rates on a log scale; the dotted lines are what an
// ideal per-coordinate rate would be, $c/|g_{t,i}|$, i.e. a step of fixed size whatever the gradient's scale.

// %%
d.plot.lines({
  title: "AdaGrad decay: effective learning rate per coordinate (gradients 1000→100 and 1000→750)",
  xTitle: "step t",
  yTitle: "effective learning rate −Δθᵢ/gᵢ",
  logY: true,
  series: [
    { name: "AdaGrad (ε = 1, δ = 1e-7), θ₁ (g → 100)", x: stepAxis, y: column(adagradRates, 0) },
    { name: "AdaGrad (ε = 1, δ = 1e-7), θ₂ (g → 750)", x: stepAxis, y: column(adagradRates, 1), dash: "dash" },
    { name: "RMSProp (ε = 0.01, ρ = 0.9, δ = 1e-6), θ₁", x: stepAxis, y: column(rmspropRates, 0) },
    { name: "RMSProp (ε = 0.01, ρ = 0.9, δ = 1e-6), θ₂", x: stepAxis, y: column(rmspropRates, 1), dash: "dash" },
    { name: "0.01/|g₁| (scale-free step)", x: stepAxis, y: gradients.map((g) => 0.01 / g[0]), dash: "dot", color: "#777777" },
    { name: "0.01/|g₂| (scale-free step)", x: stepAxis, y: gradients.map((g) => 0.01 / g[1]), dash: "dot", color: "#bbbbbb" },
  ],
});

// %% [markdown]
// RMSProp's rates sit on the dotted lines: once the gradients settle, coordinate 1 gets a rate 7.5 times
// coordinate 2's, exactly the ratio of their gradients. AdaGrad's two rates keep falling together like
// $1/\sqrt{t}$, only a factor of about 3.6 apart at the end, because both sums are dominated by the same early
// gradients of size 1000. What that costs is visible in the step actually taken, $|\Delta\theta_i| = \text{rate}\times|g_i|$:

// %%
const stepSize = (rates: number[][], i: number) => rates.map((r, t) => r[i] * gradients[t][i]);
d.plot.lines({
  title: "The slowdown: step length per coordinate, AdaGrad vs RMSProp",
  xTitle: "step t",
  yTitle: "|Δθᵢ| (parameter units)",
  logY: true,
  series: [
    { name: "AdaGrad (ε = 1), θ₁ (g → 100)", x: stepAxis, y: stepSize(adagradRates, 0) },
    { name: "AdaGrad (ε = 1), θ₂ (g → 750)", x: stepAxis, y: stepSize(adagradRates, 1), dash: "dash" },
    { name: "RMSProp (ε = 0.01, ρ = 0.9), θ₁", x: stepAxis, y: stepSize(rmspropRates, 0) },
    { name: "RMSProp (ε = 0.01, ρ = 0.9), θ₂", x: stepAxis, y: stepSize(rmspropRates, 1), dash: "dash" },
  ],
});

// %% [markdown]
// RMSProp keeps moving both coordinates by a steady $\epsilon = 0.01$ per step. AdaGrad's steps shrink
// without end, and the coordinate whose gradient fell shrinks fastest: at step 500 it moves
// θ₁ by about half as much as θ₂ although nothing about the problem says it should. This is the "premature and
// excessive decrease in the effective learning rate" the book warns about; it is harmless on convex
// problems (where Duchi et al. prove AdaGrad's regret bound) and hurts on long non-convex training runs.

// %%
const last = steps - 1;
console.log(
  `step ${steps}: AdaGrad moves θ₁ by ${stepSize(adagradRates, 0)[last].toExponential(2)} and θ₂ by ${stepSize(adagradRates, 1)[last].toExponential(2)}; ` +
    `RMSProp by ${stepSize(rmspropRates, 0)[last].toExponential(2)} and ${stepSize(rmspropRates, 1)[last].toExponential(2)}`,
);

// %% [markdown]
// **Exercise 8.5.1 — AdaGrad (Algorithm 8.4).** Write one AdaGrad step: accumulate the squared
// gradient in `r`, then move `theta` by $-\frac{\epsilon}{\delta + \sqrt{r}} \odot g$ (using the *new* $r$).
// Return both, without changing the arrays you were given.

// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.5-1-adagrad", "schema_version": 3}}
function adagradStep(theta: number[], g: number[], r: number[], epsilon: number, delta: number): { theta: number[]; r: number[] } {
  // BEGIN SOLUTION
  const rNext = r.map((ri, i) => ri + g[i] * g[i]);
  return { theta: theta.map((t, i) => t - (epsilon / (delta + Math.sqrt(rNext[i]))) * g[i]), r: rNext };
  // END SOLUTION
}

// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.5-1-adagrad-check", "points": 2, "schema_version": 3}}
d.check.adagradStep(adagradStep);
// BEGIN HIDDEN TESTS
d.check.adagradStep(adagradStep, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## 8.5.2 RMSProp
//
// RMSProp (Hinton, lecture 6e of *Neural Networks for Machine Learning*, 2012; Algorithm 8.5) replaces
// the sum by an exponentially weighted moving average, $r \leftarrow \rho r + (1-\rho)\, g \odot g$, and
// steps by $\Delta\theta = -\frac{\epsilon}{\sqrt{\delta + r}} \odot g$. The average forgets gradients
// older than about $1/(1-\rho)$ steps, which is what the figures above showed.
//
// **Book vs PyTorch, 1: where δ sits.** The book puts $\delta$ *inside* the root, PyTorch's
// `torch.optim.RMSprop` adds `eps` *outside*: $-\frac{\text{lr}}{\sqrt{r} + \text{eps}} g$. With the usual
// constants ($\delta = 10^{-6}$, eps $= 10^{-8}$) the two agree while $\sqrt{r} \gg 10^{-3}$, but for small
// gradients the book's $\sqrt{\delta} = 10^{-3}$ caps the rate at $\epsilon/10^{-3}$ while PyTorch's cap is
// $\text{lr}/10^{-8}$. One step from $r = 0$ for gradients of several sizes:

// %%
const gradientSizes = [1, 1e-2, 1e-3, 1e-4, 1e-6];
for (const g of gradientSizes) {
  const book = d.lab.effectiveRates(d.book.rmsprop({ epsilon: 0.01, rho: 0.99, delta: 1e-6 }), [[g]])[0][0];
  const torch = d.lab.effectiveRates(d.optim.rmsprop({ lr: 0.01, alpha: 0.99, eps: 1e-8 }), [[g]])[0][0];
  console.log(
    `g = ${g.toExponential(0).padEnd(6)} first step: book (δ = 1e-6 inside √) ${(book * g).toExponential(3).padStart(10)}` +
      `   PyTorch (eps = 1e-8 outside) ${(torch * g).toExponential(3).padStart(10)}`,
  );
}

// %% [markdown]
// For $g = 1$ both make the step $\epsilon/\sqrt{1-\rho} = 0.1$; for $g = 10^{-6}$ the book's step is
// $10^{-5}$ (the gradient is far below $\sqrt\delta$ and is treated as nearly nothing) while PyTorch's is still
// about $0.09$ (every gradient, however tiny, becomes a nearly full-sized step). The book's variant is the more cautious one near flat regions.
//
// **RMSProp with Nesterov momentum (Algorithm 8.6)** evaluates the gradient at the look-ahead point
// $\tilde\theta = \theta + \alpha v$, updates $r$ as above, then $v \leftarrow \alpha v - \frac{\epsilon}{\sqrt{r}} \odot g$
// and $\theta \leftarrow \theta + v$. On the Rosenbrock valley, with the same $\epsilon$ and $\rho$:

// %%
const rosenbrock = d.problems.rosenbrock();
const start = [-1.2, 1];
const rmspropRun = d.run(d.book.rmsprop({ epsilon: 0.003, rho: 0.9, delta: 1e-6 }), rosenbrock, { x0: start, steps: 1000 });
const rmspropNesterovRun = d.run(d.book.rmspropNesterov({ epsilon: 0.003, rho: 0.9, alpha: 0.9, delta: 1e-6 }), rosenbrock, { x0: start, steps: 1000 });
d.plot.lines({
  title: "Rosenbrock from (−1.2, 1): RMSProp with and without Nesterov momentum",
  xTitle: "step",
  yTitle: "f(θ) − f* (log scale)",
  logY: true,
  series: [
    { name: "RMSProp, Alg. 8.5 (ε = 0.003, ρ = 0.9)", y: rmspropRun.loss },
    { name: "RMSProp + Nesterov, Alg. 8.6 (ε = 0.003, ρ = 0.9, α = 0.9)", y: rmspropNesterovRun.loss },
  ],
});

// %% [markdown]
// Momentum carries RMSProp along the curved valley floor: with $\alpha = 0.9$ the loss reaches $10^{-3}$
// in a few hundred steps (then levels off near $6\times10^{-4}$: with a constant $\epsilon$ and $r$ shrinking with
// the gradient, the steps no longer shrink and the iterate keeps bouncing around the minimum), while plain RMSProp
// with the same $\epsilon$ is still crawling after 1000 steps.
//
// **Book vs PyTorch, 2: Nesterov's parametrization.** `torch.optim.SGD(nesterov=True)` does not store
// $\theta$ but the look-ahead point $p = \theta + \alpha v$, with velocity $b = -v/\epsilon$: then
// $b \leftarrow \alpha b + \nabla f(p)$, $p \leftarrow p - \epsilon(\nabla f(p) + \alpha b)$. Substituting shows that
// $p$ follows exactly the book's look-ahead sequence. Numerically, on the same valley:

// %%
const bookNesterov = d.run(d.book.nesterov({ epsilon: 1e-3, alpha: 0.9 }), rosenbrock, { x0: start, steps: 300 });
const torchNesterov = d.run(d.optim.sgd({ lr: 1e-3, momentum: 0.9, nesterov: true }), rosenbrock, { x0: start, steps: 300 });
const gapLookahead = Math.max(...torchNesterov.params.map((p, k) => Math.hypot(p[0] - bookNesterov.lookahead![k][0], p[1] - bookNesterov.lookahead![k][1])));
const gapTheta = Math.max(...torchNesterov.params.map((p, k) => Math.hypot(p[0] - bookNesterov.params[k][0], p[1] - bookNesterov.params[k][1])));
console.log(`max over 300 steps of ‖p_torch − (θ + αv)_book‖ = ${gapLookahead.toExponential(2)};  ‖p_torch − θ_book‖ = ${gapTheta.toExponential(2)}`);

// %% [markdown]
// The two agree to rounding error as look-ahead points, and differ by $\alpha v$ (up to 0.2 here)
// if one compares PyTorch's parameters with the book's $\theta$: a PyTorch checkpoint of a Nesterov run
// holds the look-ahead point.
//
// **AdaDelta and its units** (Zeiler, 2012). Zeiler observed that in SGD the update $-\epsilon g$ has the
// units of $1/\theta$ (if $f$ is unitless), and in AdaGrad/RMSProp $-\epsilon\, g/\sqrt{r}$ is unitless;
// only Newton's $-H^{-1}g$ has the units of $\theta$. AdaDelta mimics that by multiplying the RMSProp step by
// a running RMS of past *updates*: $\Delta\theta = -\frac{\sqrt{u + \epsilon}}{\sqrt{r + \epsilon}}\, g$, $u \leftarrow \rho u + (1-\rho)\Delta\theta^2$.
// Test it: rescale the parameter, $\theta' = k\theta$, on $f(\theta) = \tfrac12 \theta^2$ from $\theta_0 = 1$, and
// measure the first step and the position after 200 steps in the original units ($\theta'/k$). A method
// with the units of $\theta$ gives the same numbers for every $k$.

// %%
const unitsTable: string[] = [];
for (const k of [0.01, 1, 100]) {
  const scaled = d.problems.quadratic({ A: [[1 / (k * k)]], b: [0] });
  const cells = (
    [
      ["SGD (lr 0.5)", d.optim.sgd({ lr: 0.5 })],
      ["RMSProp (lr 0.01)", d.optim.rmsprop({ lr: 0.01 })],
      ["AdaDelta (ρ 0.9, eps 1e-6)", d.optim.adadelta({ lr: 1 })],
    ] as [string, d.Optimizer][]
  ).map(([name, opt]) => {
    const x = Float64Array.of(k);
    const state = opt.init(x);
    opt.step(x, scaled.grad(x), state);
    const first = (k - x[0]) / k;
    for (let t = 1; t < 200 && Math.abs(x[0] / k) < 1e6; t++) opt.step(x, scaled.grad(x), state);
    return `${name}: first step ${first.toExponential(1)}, θ₂₀₀ ${Math.abs(x[0] / k) > 1e6 ? "diverged" : (x[0] / k).toFixed(3)}`;
  });
  unitsTable.push(`k = ${String(k).padEnd(5)} ${cells.join(" | ")}`);
}
console.log(unitsTable.join("\n"));

// %% [markdown]
// SGD's first step (in the original units) scales like $1/k^2$, so it diverges for $k = 0.01$ and barely moves for
// $k = 100$; RMSProp's scales like $1/k$ (a fixed size in $\theta'$ units). AdaDelta's first step scales like $1/k$
// as well: it is $\sqrt{\epsilon/(1-\rho)} \approx 3.2\times10^{-3}$ in $\theta'$ units whatever $k$ is, because
// before $u$ has grown the constant $\epsilon$ in $\sqrt{u + \epsilon}$ (which *does* have units) sets the
// numerator. After 200 steps its progress still depends strongly on $k$. The units argument is a good
// heuristic for the ratio's form, not a guarantee of scale invariance.

// %% [markdown]
// **Exercise 8.5.2 — RMSProp (Algorithm 8.5).** Write one RMSProp step with the book's conventions:
// $r \leftarrow \rho r + (1-\rho) g\odot g$, then $\theta \leftarrow \theta - \frac{\epsilon}{\sqrt{\delta + r}} \odot g$.

// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.5-2-rmsprop", "schema_version": 3}}
function rmspropStep(theta: number[], g: number[], r: number[], epsilon: number, rho: number, delta: number): { theta: number[]; r: number[] } {
  // BEGIN SOLUTION
  const rNext = r.map((ri, i) => rho * ri + (1 - rho) * g[i] * g[i]);
  return { theta: theta.map((t, i) => t - (epsilon / Math.sqrt(delta + rNext[i])) * g[i]), r: rNext };
  // END SOLUTION
}

// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.5-2-rmsprop-check", "points": 2, "schema_version": 3}}
d.check.rmspropStep(rmspropStep);
// BEGIN HIDDEN TESTS
d.check.rmspropStep(rmspropStep, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## 8.5.3 Adam
//
// Adam (Kingma & Ba, 2015; Algorithm 8.7) keeps two moving averages, a first moment
// $s \leftarrow \rho_1 s + (1-\rho_1) g$ (momentum) and a second moment $r \leftarrow \rho_2 r + (1-\rho_2) g\odot g$
// (RMSProp), both started at zero. Started at zero, they are biased toward zero during the first steps:
// $\mathbb{E}[s_t] = (1-\rho_1^t)\,\mathbb{E}[g]$ if the gradient is stationary. Adam divides the bias out,
// $\hat s = s/(1-\rho_1^t)$, $\hat r = r/(1-\rho_2^t)$, and steps by $\Delta\theta = -\epsilon\, \hat s/(\sqrt{\hat r} + \delta)$.
//
// **Bias correction, made visible.** Two scalar gradient sequences: a constant $g = 1$ and a noisy one,
// $g_t = 1 + \xi_t$ with $\xi_t \sim \mathcal N(0, 1)$ (seed 0). With the defaults $\rho_1 = 0.9$, $\rho_2 = 0.999$:

// %%
const T = 60;
const noise = d.rng(0);
const noisyGradients = Array.from({ length: T }, () => 1 + noise.normal());
const constantTrace = d.lab.adamMomentTrace(new Array(T).fill(1), { rho1: 0.9, rho2: 0.999, epsilon: 1e-3 });
const noisyTrace = d.lab.adamMomentTrace(noisyGradients, { rho1: 0.9, rho2: 0.999, epsilon: 1e-3 });
d.plot.lines({
  title: "Adam's moments over the first 60 steps (ρ₁ = 0.9, ρ₂ = 0.999): biased vs corrected",
  xTitle: "step t",
  yTitle: "moment estimate",
  series: [
    { name: "s_t, constant g = 1", x: constantTrace.t, y: constantTrace.s },
    { name: "ŝ_t = s_t/(1 − ρ₁ᵗ), constant g = 1", x: constantTrace.t, y: constantTrace.sHat, dash: "dash" },
    { name: "r_t, constant g = 1", x: constantTrace.t, y: constantTrace.r },
    { name: "r̂_t = r_t/(1 − ρ₂ᵗ), constant g = 1", x: constantTrace.t, y: constantTrace.rHat, dash: "dash" },
    { name: "s_t, noisy g ~ N(1, 1)", x: noisyTrace.t, y: noisyTrace.s, dash: "dashdot" },
    { name: "ŝ_t, noisy g ~ N(1, 1)", x: noisyTrace.t, y: noisyTrace.sHat, dash: "dot" },
    { name: "r_t, noisy g ~ N(1, 1)", x: noisyTrace.t, y: noisyTrace.r, dash: "dashdot" },
    { name: "r̂_t, noisy g ~ N(1, 1) (E[g²] = 2)", x: noisyTrace.t, y: noisyTrace.rHat, dash: "dot" },
  ],
});

// %% [markdown]
// For the constant gradient the corrected moments are exactly right from step 1 ($\hat s = 1$, $\hat r = 1$)
// while the raw $r_t$ is still only 0.06 after 60 steps (it needs about $1/(1-\rho_2) = 1000$ steps to warm up);
// the raw moments of the noisy gradient (dash-dotted) start from zero just the same.
// For the noisy gradient the corrected estimates fluctuate around the true $\mathbb E[g] = 1$ and
// $\mathbb E[g^2] = 2$, as unbiased estimates from few samples do. What matters is the step:

// %%
const T2 = 3000;
const longConstant = d.lab.adamMomentTrace(new Array(T2).fill(1), { rho1: 0.9, rho2: 0.999, epsilon: 1e-3 });
const longNoisy = d.lab.adamMomentTrace(Array.from({ length: T2 }, () => 1 + noise.normal()), { rho1: 0.9, rho2: 0.999, epsilon: 1e-3 });
d.plot.lines({
  title: "Adam's step length with and without bias correction (ε = 1e-3, ρ₁ = 0.9, ρ₂ = 0.999)",
  xTitle: "step t",
  yTitle: "|Δθ| / ε",
  logX: true,
  logY: true,
  series: [
    { name: "with correction (Alg. 8.7), constant g", x: longConstant.t, y: longConstant.step.map((s) => s / 1e-3) },
    { name: "without correction, constant g", x: longConstant.t, y: longConstant.stepUncorrected.map((s) => s / 1e-3) },
    { name: "with correction, noisy g ~ N(1, 1)", x: longNoisy.t, y: longNoisy.step.map((s) => s / 1e-3), dash: "dot" },
    { name: "without correction, noisy g ~ N(1, 1)", x: longNoisy.t, y: longNoisy.stepUncorrected.map((s) => s / 1e-3), dash: "dot" },
    { name: "(1 − ρ₁ᵗ)/√(1 − ρ₂ᵗ): uncorrected/corrected", x: longConstant.t, y: longConstant.t.map((t) => (1 - 0.9 ** t) / Math.sqrt(1 - 0.999 ** t)), dash: "dash", color: "#777777" },
  ],
});

// %% [markdown]
// Without the correction the first step is $\epsilon(1-\rho_1)/\sqrt{1-\rho_2} \approx 3.2\,\epsilon$ and the steps
// stay above $\epsilon$ for hundreds of steps (peaking at about $6.6\epsilon$ at $t = 12$): the uncorrected $r$
// underestimates the gradient's scale far more than $s$ does because $\rho_2$ is so close to 1. With the
// correction the step is $\epsilon$ from the start. The grey dashed line is the ratio predicted for a
// constant gradient, $(1-\rho_1^t)/\sqrt{1-\rho_2^t}$; the measured uncorrected curve lies on it.

// %%
const peak = Math.max(...longConstant.stepUncorrected) / 1e-3;
console.log(
  `uncorrected/ε: first step ${(longConstant.stepUncorrected[0] / 1e-3).toFixed(3)} (predicted 0.1/√0.001 = ${(0.1 / Math.sqrt(0.001)).toFixed(3)}), ` +
    `peak ${peak.toFixed(2)} at t = ${longConstant.stepUncorrected.indexOf(Math.max(...longConstant.stepUncorrected)) + 1}`,
);

// %% [markdown]
// **Exercise 8.5.3 — Adam's moments (Algorithm 8.7).** Given the previous moments `s`, `r`, the gradient `g`
// and the step counter `t` (already incremented, so $t = 1$ on the first call), return the new biased
// moments and their bias-corrected versions `sHat`, `rHat`.

// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.5-3-adam-moments", "schema_version": 3}}
function adamMoments(s: number[], r: number[], g: number[], t: number, rho1: number, rho2: number): { s: number[]; r: number[]; sHat: number[]; rHat: number[] } {
  // BEGIN SOLUTION
  const sNext = s.map((si, i) => rho1 * si + (1 - rho1) * g[i]);
  const rNext = r.map((ri, i) => rho2 * ri + (1 - rho2) * g[i] * g[i]);
  return {
    s: sNext,
    r: rNext,
    sHat: sNext.map((v) => v / (1 - Math.pow(rho1, t))),
    rHat: rNext.map((v) => v / (1 - Math.pow(rho2, t))),
  };
  // END SOLUTION
}

// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.5-3-adam-moments-check", "points": 2, "schema_version": 3}}
d.check.adamMoments(adamMoments);
// BEGIN HIDDEN TESTS
d.check.adamMoments(adamMoments, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// **Exercise 8.5.4 — a whole Adam step (Algorithm 8.7).** Combine the moments with the update
// $\theta \leftarrow \theta - \epsilon\, \hat s/(\sqrt{\hat r} + \delta)$. Return the new `theta`, `s` and `r`.

// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.5-4-adam-step", "schema_version": 3}}
function adamStep(theta: number[], g: number[], s: number[], r: number[], t: number, epsilon: number, rho1: number, rho2: number, delta: number): { theta: number[]; s: number[]; r: number[] } {
  // BEGIN SOLUTION
  const sNext = s.map((si, i) => rho1 * si + (1 - rho1) * g[i]);
  const rNext = r.map((ri, i) => rho2 * ri + (1 - rho2) * g[i] * g[i]);
  const c1 = 1 - Math.pow(rho1, t);
  const c2 = 1 - Math.pow(rho2, t);
  return { theta: theta.map((th, i) => th - (epsilon * (sNext[i] / c1)) / (Math.sqrt(rNext[i] / c2) + delta)), s: sNext, r: rNext };
  // END SOLUTION
}

// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.5-4-adam-step-check", "points": 2, "schema_version": 3}}
d.check.adamStep(adamStep);
// BEGIN HIDDEN TESTS
d.check.adamStep(adamStep, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ### Adam's relatives: AdaMax, NAdam, AMSGrad
//
// - **AdaMax** (Kingma & Ba 2015, §7.1) replaces $\sqrt{\hat r}$ by an exponentially weighted infinity norm
//   $u \leftarrow \max(\rho_2 u, |g|)$, which needs no bias correction.
// - **NAdam** (Dozat 2016) puts Nesterov's look-ahead into Adam's first moment, with a slowly warming momentum
//   schedule $\mu_t = \rho_1(1 - \tfrac12 \cdot 0.96^{t\psi})$.
// - **AMSGrad** (Reddi, Kale & Kumar 2018) divides by the running *maximum* of $\hat r$, so the effective rate
//   never increases.
//
// **Book vs PyTorch, 3: the NAdam of PyTorch 1.13.** The momentum term's bias correction should divide
// by $1 - \mu_{t+1}\prod_{i\le t}\mu_i$; PyTorch 1.13's default single-tensor code path multiplies $\mu_t$ in
// a second time, $1 - \mu_t\,\mu_{t+1}\prod_{i\le t}\mu_i$ (fixed in PyTorch PR #92699). `d.optim.nadam` is the
// corrected rule and `d.optim.nadamTorch113` reproduces 1.13 bit for bit. How far apart are they?

// %%
const quadratic = d.problems.quadratic({ A: [[1, 0], [0, 10]], b: [0, 0] });
const nadamFixed = d.run(d.optim.nadam({ lr: 0.01 }), quadratic, { x0: [1, 1], steps: 200 });
const nadamOld = d.run(d.optim.nadamTorch113({ lr: 0.01 }), quadratic, { x0: [1, 1], steps: 200 });
const nadamGap = nadamFixed.params.map((p, k) => Math.hypot(p[0] - nadamOld.params[k][0], p[1] - nadamOld.params[k][1]));
console.log(
  `‖θ_fixed − θ_1.13‖ after 1, 10, 200 steps: ${[1, 10, 200].map((k) => nadamGap[k].toExponential(2)).join(", ")}; ` +
    `loss after 200 steps: fixed ${nadamFixed.loss[200].toExponential(3)}, 1.13 ${nadamOld.loss[200].toExponential(3)}`,
);

// %% [markdown]
// The difference is real but small: the wrong factor is $\mu_{t+1} \approx 0.9$ inside a denominator
// of the form $1 - (\ldots)$, so it shrinks that term's contribution a little — results from PyTorch 1.13 NAdam
// runs are slightly off, not wrong in kind.
//
// **AMSGrad and the Reddi et al. (2018) counterexample.** Online linear losses on $x \in [-1, 1]$:
// $f_t(x) = C x$ once every three steps and $f_t(x) = -x$ otherwise, $C = 3$. The average slope is
// $(C - 2)/3 > 0$, so the best point is $x = -1$. Adam with $\rho_1 = 0$ and $\rho_2 = 1/(1 + C^2)$ forgets
// the large gradient so quickly that the two small steps to the right outweigh the one large step to the left.
// A second problem has slope 1010 once every 101 steps and −10 otherwise (Reddi et al.'s Fig. 1, average
// slope $10/101 > 0$), run with the usual $\rho_1 = 0.9$, $\rho_2 = 0.99$. Each iterate is projected back into $[-1, 1]$.

// %%
const smallC = d.lab.periodicSlope({ big: 3, small: -1, period: 3 });
const bigC = d.lab.periodicSlope({ big: 1010, small: -10, period: 101 });
const online = (opt: d.Optimizer, slope: (t: number) => number, n: number) =>
  d.lab.runOnGradients(opt, { x0: [0], steps: n, gradient: (t) => [slope(t)], bounds: [-1, 1] }).map((p) => p[0]);
const reddiSteps = 30000;
// Every 10th iterate is plotted: enough to see the drift, a tenth of the page weight.
const thin = (xs: number[]) => xs.filter((_, t) => t % 10 === 0);
const thinnedSteps = thin(Array.from({ length: reddiSteps + 1 }, (_, t) => t));
const reddiSeries = [
  { name: "Adam, C = 3 (lr 0.1, ρ₁ = 0, ρ₂ = 0.1)", y: online(d.optim.adam({ lr: 0.1, betas: [0, 0.1] }), smallC, reddiSteps) },
  { name: "AMSGrad, C = 3 (lr 0.1, ρ₁ = 0, ρ₂ = 0.1)", y: online(d.optim.adam({ lr: 0.1, betas: [0, 0.1], amsgrad: true }), smallC, reddiSteps) },
  { name: "Adam, 1010/−10 (lr 0.05, ρ₁ = 0.9, ρ₂ = 0.99)", y: online(d.optim.adam({ lr: 0.05, betas: [0.9, 0.99] }), bigC, reddiSteps), dash: "dash" as const },
  { name: "AMSGrad, 1010/−10 (lr 0.05, ρ₁ = 0.9, ρ₂ = 0.99)", y: online(d.optim.adam({ lr: 0.05, betas: [0.9, 0.99], amsgrad: true }), bigC, reddiSteps), dash: "dash" as const },
];
d.plot.lines({
  title: "Reddi et al. (2018): Adam drifts to the worst point +1, AMSGrad to the optimum −1",
  xTitle: "step t",
  yTitle: "iterate x_t (optimum x* = −1)",
  yRange: [-1.1, 1.1],
  series: reddiSeries.map((r) => ({ ...r, x: thinnedSteps, y: thin(r.y) })),
});

// %% [markdown]
// On the $C = 3$ problem Adam goes straight to $x = +1$, the *worst* feasible point, and stays there; on the
// 1010/−10 problem it climbs to the upper bound and oscillates below it on the 101-step cycle. AMSGrad,
// whose denominator never forgets the big gradient, drifts toward the optimum $-1$ in both (with a constant
// learning rate it keeps oscillating near it). The stochastic version (slope 1010 with probability 0.01,
// seeded) is much noisier: AMSGrad's expected drift is only about $-0.002\,\text{lr}$ per step against jumps of
// $10\,\text{lr}$, so after 30000 steps it has only started down, while Adam stays in the upper half:

// %%
const randomC = d.lab.randomSlope({ big: 1010, small: -10, probability: 0.01, seed: 1 });
const meanOfTail = (xs: number[]) => xs.slice(-2000).reduce((a, b) => a + b, 0) / 2000;
const stochasticAdam = online(d.optim.adam({ lr: 0.05, betas: [0.9, 0.99] }), randomC, reddiSteps);
const stochasticAms = online(d.optim.adam({ lr: 0.05, betas: [0.9, 0.99], amsgrad: true }), randomC, reddiSteps);
console.log(`mean iterate over the last 2000 of ${reddiSteps} steps (optimum −1):`);
for (const r of reddiSeries) console.log(`  periodic   ${r.name.padEnd(48)} ${meanOfTail(r.y).toFixed(3)}`);
console.log(`  stochastic Adam, 1010/−10 (lr 0.05, ρ₁ = 0.9, ρ₂ = 0.99)          ${meanOfTail(stochasticAdam).toFixed(3)}`);
console.log(`  stochastic AMSGrad, 1010/−10 (lr 0.05, ρ₁ = 0.9, ρ₂ = 0.99)       ${meanOfTail(stochasticAms).toFixed(3)}`);

// %% [markdown]
// ### Rprop and why it does not survive minibatches
//
// Rprop (Riedmiller & Braun, 1993) uses only the *sign* of each gradient component, with a per-weight step
// that grows by 1.2 while the sign stays the same and halves when it flips. That is robust in full-batch
// training, but signs do not average: take a weight whose minibatch gradients are $+0.1$ nine times and
// $-0.9$ once in every ten. The full gradient is $0$, so SGD returns the weight to where it started every
// ten steps; Rprop moves it left nine times for every step right.

// %%
const minibatchGradient = (t: number) => [t % 10 === 9 ? -0.9 : 0.1];
const rpropPath = d.lab.runOnGradients(d.optim.rprop({ lr: 0.01 }), { x0: [0], steps: 60, gradient: minibatchGradient }).map((p) => p[0]);
const sgdPath = d.lab.runOnGradients(d.optim.sgd({ lr: 0.1 }), { x0: [0], steps: 60, gradient: minibatchGradient }).map((p) => p[0]);
d.plot.lines({
  title: "Minibatch gradients +0.1 (×9) and −0.9 (×1): mean 0",
  xTitle: "step (one minibatch per step)",
  yTitle: "weight w",
  series: [
    { name: "SGD (lr 0.1)", y: sgdPath },
    { name: "Rprop (lr 0.01, η = (0.5, 1.2), steps ∈ [1e-6, 50])", y: rpropPath },
  ],
});

// %% [markdown]
// SGD's weight saw-tooths and comes back to 0 every ten steps; Rprop's drifts off to
// about $-18$ after 60 steps and keeps accelerating, because nine agreeing signs grow its step by $1.2^9 \approx 5$
// between flips. This is why Hinton introduced RMSProp as "a minibatch version of Rprop": dividing by a
// running RMS keeps the magnitudes that Rprop throws away.

// %%
console.log(`after 60 steps: SGD w = ${sgdPath[60].toExponential(2)}, Rprop w = ${rpropPath[60].toFixed(2)}`);

// %% [markdown]
// ## 8.5.4 Choosing the right optimization algorithm
//
// The book's answer is honest: there is no consensus (Schaul et al. 2014 compared many algorithms on many
// tasks and found no single winner), and the choice "seems to depend largely on the user's familiarity
// with the algorithm". To compare fairly we give every optimizer its best learning rate from the same
// grid on the Rosenbrock function, 1000 steps from $(-1.2, 1)$. Use the slider to step through them.

// %%
const lrGrid = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1];
const contenders: [string, (lr: number) => d.Optimizer][] = [
  ["SGD", (lr) => d.optim.sgd({ lr })],
  ["momentum 0.9", (lr) => d.optim.sgd({ lr, momentum: 0.9 })],
  ["Nesterov 0.9", (lr) => d.optim.sgd({ lr, momentum: 0.9, nesterov: true })],
  ["AdaGrad", (lr) => d.optim.adagrad({ lr })],
  ["RMSProp", (lr) => d.optim.rmsprop({ lr })],
  ["RMSProp+Nesterov (book, ρ 0.9, α 0.9)", (lr) => d.book.rmspropNesterov({ epsilon: lr, rho: 0.9, alpha: 0.9, delta: 1e-6 })],
  ["AdaDelta", (lr) => d.optim.adadelta({ lr })],
  ["Adam", (lr) => d.optim.adam({ lr })],
  ["AdaMax", (lr) => d.optim.adamax({ lr })],
  ["NAdam", (lr) => d.optim.nadam({ lr })],
  ["AMSGrad", (lr) => d.optim.adam({ lr, amsgrad: true })],
  ["Rprop", (lr) => d.optim.rprop({ lr })],
];
const raced = contenders.map(([name, make]) => {
  const best = d.lab.bestLearningRate(make, rosenbrock, { x0: start, steps: 1000, lrs: lrGrid });
  return { name: `${name} (lr ${best.lr})`, run: best.trajectory };
});
for (const r of raced) {
  const reached = r.run.loss.findIndex((l) => l < 1e-6);
  console.log(`${r.name.padEnd(46)} f after 1000 steps ${r.run.loss[1000].toExponential(2)}, f < 1e-6 at step ${reached < 0 ? "never" : reached}`);
}
d.plot.slider({
  title: "Rosenbrock f = (1 − x)² + 100(y − x²)²: 1000 steps from (−1.2, 1), best lr per optimizer",
  label: "optimizer",
  contour: {
    f: (x, y) => rosenbrock.f(Float64Array.of(x, y)),
    xRange: [-2, 2],
    yRange: [-1, 3],
    xTitle: "θ₁",
    yTitle: "θ₂",
    logZ: true,
    resolution: 70,
    marks: [{ name: "minimum (1, 1)", x: 1, y: 1 }],
  },
  steps: raced.map((r) => ({ value: r.name.split(" (")[0], paths: [{ name: r.name, points: r.run.params }] })),
  initial: 7,
});

// %% [markdown]
// All of them find the valley quickly; the difference is how they travel along its curved floor. The
// loss curves put them side by side:

// %%
d.plot.lines({
  title: "Rosenbrock: loss per step, each optimizer at its best learning rate",
  xTitle: "step",
  yTitle: "f(θ) − f* (log scale)",
  logY: true,
  height: 560,
  // The palette has 8 colours: later curves are dashed so no two look alike.
  series: raced.map((r, k) => ({ name: r.name, y: r.run.loss.map((l) => Math.max(l, 1e-16)), dash: k >= 8 ? ("dash" as const) : undefined })),
});

// %% [markdown]
// On this smooth, deterministic 2-D valley only heavy-ball momentum and Adam/AMSGrad (at a learning rate of
// 0.3, far above Adam's usual $10^{-3}$) get below $10^{-6}$ within 1000 steps; the methods without a first
// moment (SGD, AdaGrad, RMSProp, AdaDelta) crawl along the valley floor, and the grid's best rate for each is
// the largest one that does not diverge in the steep walls. The valley is a stress test
// for ill-conditioning, not a neural network, so the ranking should not be over-read. A real network next.
//
// **Digits MLP** (heavy cell, tfjs): a 64 → 64 → 64 → 10 ReLU network on the 8×8 digits (80/20 split,
// seed 0), 8 epochs of minibatches of 32, each optimizer with its usual default-ish learning rate.

// %%
const backend = await d.tf.ready();
const digits = d.data.loadDigits({ seed: 0 });
const digitOptimizers: [string, () => ReturnType<typeof d.tf.optim.sgd>][] = [
  ["SGD (lr 0.05)", () => d.tf.optim.sgd({ lr: 0.05 })],
  ["momentum (lr 0.05, α 0.9)", () => d.tf.optim.sgd({ lr: 0.05, momentum: 0.9 })],
  ["AdaGrad (lr 0.05)", () => d.tf.optim.adagrad({ lr: 0.05 })],
  ["RMSProp (lr 1e-3)", () => d.tf.optim.rmsprop({ lr: 1e-3 })],
  ["Adam (lr 1e-3)", () => d.tf.optim.adam({ lr: 1e-3 })],
];
const t0 = Date.now();
const digitRuns: { name: string; history: Awaited<ReturnType<typeof d.train.fit>> }[] = [];
for (const [name, make] of digitOptimizers) {
  const model = d.train.mlp({ sizes: [digits.nFeatures, 64, 64, digits.nClasses], seed: 0 });
  const history = await d.train.fit(model, digits, { optimizer: make(), epochs: 8, batchSize: 32, seed: 0 });
  digitRuns.push({ name, history });
  model.dispose();
}
console.log(`trained ${digitRuns.length} MLPs × 8 epochs on the ${backend.backend} backend in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

// %% [markdown]
// Training loss per epoch (log scale) tells us how fast each optimizer fits the training set:

// %%
d.plot.lines({
  title: `Digits MLP 64→64→64→10 (ReLU), batch 32: training loss (${backend.backend} backend)`,
  xTitle: "epoch",
  yTitle: "training cross-entropy (nats, log scale)",
  logY: true,
  series: digitRuns.map((r) => ({ name: r.name, x: r.history.epoch, y: r.history.trainLoss, mode: "lines+markers" as const })),
});

// %% [markdown]
// At these learning rates momentum and AdaGrad fit the training set fastest, Adam and RMSProp at their
// default $10^{-3}$ are slower, and plain SGD is far behind: the learning rate matters more than the
// algorithm's family. The last column of the table below is the one Wilson et al. (2017) warn about:

// %%
for (const r of digitRuns) {
  const k = r.history.epoch.length - 1;
  console.log(
    `${r.name.padEnd(26)} train loss ${r.history.trainLoss[k].toFixed(4)}  train acc ${(100 * r.history.trainAccuracy[k]).toFixed(1)}%  ` +
      `test acc ${(100 * r.history.testAccuracy[k]).toFixed(1)}%  gap ${(100 * (r.history.trainAccuracy[k] - r.history.testAccuracy[k])).toFixed(1)} points`,
  );
}

// %% [markdown]
// **Wilson et al. (2017), "The marginal value of adaptive gradient methods in machine learning"**, showed
// problems on which adaptive methods reach a solution that generalizes worse than SGD's, even at equal
// training loss (on an over-parametrized linear problem AdaGrad/Adam find a max-norm-like solution where SGD
// finds the minimum-norm one), and reported the same on CIFAR-10 and language models with well-tuned
// baselines. On a data set as small and easy as these digits the test accuracies above differ by a point or
// two at most, which is within what a different seed changes; the practical lesson is theirs: tune
// SGD with momentum as a baseline before concluding that an adaptive method is better.
//
// ## Further reading
//
// - J. Duchi, E. Hazan, Y. Singer (2011). *Adaptive subgradient methods for online learning and stochastic optimization.* JMLR 12. (AdaGrad)
// - G. Hinton (2012). *Neural Networks for Machine Learning*, lecture 6e. (RMSProp)
// - M. D. Zeiler (2012). *ADADELTA: an adaptive learning rate method.* arXiv:1212.5701.
// - D. P. Kingma, J. Ba (2015). *Adam: a method for stochastic optimization.* ICLR. (Adam, AdaMax)
// - T. Dozat (2016). *Incorporating Nesterov momentum into Adam.* ICLR workshop. (NAdam)
// - S. J. Reddi, S. Kale, S. Kumar (2018). *On the convergence of Adam and beyond.* ICLR. (AMSGrad)
// - M. Riedmiller, H. Braun (1993). *A direct adaptive method for faster backpropagation learning: the RPROP algorithm.* ICNN.
// - A. C. Wilson, R. Roelofs, M. Stern, N. Srebro, B. Recht (2017). *The marginal value of adaptive gradient methods in machine learning.* NeurIPS.
// - Y. Nesterov (1983); B. T. Polyak (1964): the momentum methods that Algorithm 8.6 and NAdam build on (see 8.3).
