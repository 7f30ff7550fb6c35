// %% [markdown]
// # 8.2 Challenges in neural network optimization
//
// Section 8.2 lists what makes training hard even when the cost is well defined: ill-conditioning, many
// (equivalent) local minima, saddle points and plateaus, cliffs, long-term dependencies, inexact gradients,
// and a poor correspondence between local and global structure. Each section below reproduces one of these
// on a problem small enough to inspect completely.

// %%
import * as d from "./src";

// %% [markdown]
// ## 8.2.1 Ill-conditioning
//
// A second-order Taylor expansion says a gradient step $-\epsilon g$ changes the cost by (eq. 8.10)
// $$\tfrac12\epsilon^2 g^\top H g - \epsilon\, g^\top g.$$
// Ill-conditioning is the case $\tfrac12\epsilon^2 g^\top H g > \epsilon g^\top g$: the curvature term wins and the step
// *raises* the cost, so $\epsilon$ must shrink. On a quadratic the bound is sharp — gradient descent converges
// exactly when $\epsilon < 2/\lambda_{\max}$. We run 100 steps on $\tfrac12\theta^\top H\theta$ with eigenvalues 0.1, 1 and 10:

// %%
const H = [[10, 0, 0], [0, 1, 0], [0, 0, 0.1]];
const bowl = d.problems.quadratic({ A: H, b: [0, 0, 0] });
const lrs = Array.from({ length: 45 }, (_, i) => 0.005 * (i + 1));
const finalLoss = lrs.map((epsilon) => d.run(d.book.sgd({ epsilon }), bowl, { x0: [1, 1, 1], steps: 100 }).loss[100]);
d.plot.lines({
  title: "Gradient descent, 100 steps on ½θᵀHθ, eigenvalues of H: 10, 1, 0.1",
  xTitle: "learning rate ε",
  yTitle: "f(θ₁₀₀)",
  logY: true,
  series: [
    { name: "final cost after 100 steps", x: lrs, y: finalLoss, mode: "lines+markers" },
    { name: "stability limit 2/λ_max = 0.2", x: [0.2, 0.2], y: [Math.min(...finalLoss), Math.max(...finalLoss)], dash: "dash" },
  ],
});

// %% [markdown]
// Left of the dashed line the cost falls faster as $\epsilon$ grows (the slow direction, $\lambda = 0.1$, sets the pace);
// right of it the stiff direction $\lambda = 10$ oscillates with growing amplitude and the cost explodes. The
// condition number $\kappa = 100$ is what separates the usable rate from the needed one.
//
// **The gradient can grow while the cost falls.** The book's Figure 8.1 shows the gradient norm of a network
// *increasing* during successful training. We train a small tanh network (2 → 8 → 1) on an XOR-like problem from
// a small initialization with gradient descent ($\epsilon = 0.5$) and record both terms of eq. 8.10 along the way
// ($g^\top H g$ from a Hessian-vector product: central differences of the exact gradient along $g$).

// %%
const r = d.rng(0);
const xorX = Array.from({ length: 200 }, () => [r.normal(), r.normal()]);
const xorY = xorX.map((x) => (x[0] * x[1] > 0 ? 1 : 0));
const net = d.lab.twoLayerNet({ X: xorX, y: xorY, hidden: 8 });
const initRng = d.rng(1);
const theta0 = Array.from({ length: net.dim }, () => 0.1 * initRng.normal());
const netEpsilon = 0.5;
const netRun = d.run(d.book.sgd({ epsilon: netEpsilon }), net, { x0: theta0, steps: 1500 });
const netK = d.lab.logSpacedSteps(1500, 20);
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a, (ai, i) => ai * b[i]).reduce((s, p) => s + p, 0);
const terms = netK.map((k) => {
  const g = net.grad(netRun.params[k]);
  // Only gᵀHg is needed, so one Hessian-vector product H·g (two gradient calls) replaces the 33 × 33 Hessian.
  const squaredNorm = dot(g, g);
  return { norm: Math.sqrt(squaredNorm), first: netEpsilon * squaredNorm, curvature: 0.5 * netEpsilon * netEpsilon * dot(g, net.hessianVector(netRun.params[k], g)) };
});
d.plot.lines({
  title: "Tanh net 2→8→1 on XOR-like data, gradient descent ε = 0.5",
  xTitle: "step k",
  yTitle: "cost and eq. 8.10 terms (nats), ‖g‖",
  logX: true,
  logY: true,
  series: [
    { name: "training cost f(θₖ) (nats)", x: netK, y: netK.map((k) => netRun.loss[k]) },
    { name: "gradient norm ‖g‖", x: netK, y: terms.map((t) => t.norm) },
    { name: "first-order decrease εgᵀg", x: netK, y: terms.map((t) => t.first), dash: "dash" },
    { name: "curvature term |½ε²gᵀHg|", x: netK, y: terms.map((t) => Math.abs(t.curvature)), dash: "dot" },
  ],
});

// %% [markdown]
// Between steps 50 and 200 the gradient norm grows almost tenfold while the cost keeps falling: the
// network leaves the flat region around its small initialization. Throughout, the curvature term stays well below
// $\epsilon g^\top g$, so every step lowers the cost; if it did not, the only remedy within gradient descent would be
// a smaller $\epsilon$ — slower progress in every direction.

// %% [markdown]
// **Figure 8.1 on real data.** The tanh net above is tiny; the book's figure comes from a real network on
// real images. We train an MLP (784 → 128 → 128 → 10, ReLU, PyTorch's default initialization) on
// Fashion-MNIST with plain SGD ($\epsilon = 0.05$, minibatches of 64) and, at evenly spaced steps, measure on a
// fixed set of training images the full-batch gradient norm $\|g\|$ and $g^\top H g$ (the Hessian-vector product
// $Hg$ as a central difference of gradients along $g$, step $5\cdot10^{-3}$: tfjs cannot differentiate its
// softmax gradient twice), and the classification error on test images. The cell sizes itself from the tfjs
// backend (`d.lab.workSize()`, overridden by `DESCENT_SIZE=small|full`): **small** (wasm, cpu) trains on
// the first 12,000 training images for 1,500 steps (8 epochs) and measures on 2,000 training and 2,000 test
// images; **full** (webgl, webgpu) trains a 784 → 256 → 256 → 10 net on all 60,000 for 18,750 steps (20 epochs)
// and measures on 10,000 of each.

// %%
await d.tf.ready();
const fashion = await d.data.loadFashionMnist();
const heavySize = d.lab.workSize();
const fig81Options = d.lab.gradientGrowthSizes[heavySize];
console.log(d.lab.workLine("Figure 8.1", heavySize, `MLP ${fig81Options.sizes.join("→")}, ${fig81Options.nTrain} training images, ${fig81Options.steps} SGD steps, measured on ${fig81Options.nEval} + ${fig81Options.nTest} images`));
const fig81 = await d.lab.gradientGrowth(fashion, fig81Options);
d.plot.lines({
  title: `Figure 8.1 on Fashion-MNIST: MLP ${fig81Options.sizes.join("→")}, SGD ε = ${fig81Options.lr}`,
  xTitle: "SGD step",
  yTitle: "‖g‖, gᵀHg, test error (fraction)",
  logY: true,
  series: [
    { name: "gradient norm ‖g‖", x: fig81.step, y: fig81.gradientNorm, mode: "lines+markers" },
    { name: "gᵀHg", x: fig81.step, y: fig81.gHg, mode: "lines+markers", dash: "dot" },
    { name: "test classification error", x: fig81.step, y: fig81.testError, mode: "lines+markers", dash: "dash" },
  ],
});

// %% [markdown]
// As in the book's figure, the gradient does not shrink as the network learns: over the second half of
// training $\|g\|$ averages more than twice its value at initialization (it jumps from step to step: each SGD
// step moves the weights, and the full gradient with them), while the test error falls from chance (90 %) to
// below 20 %. $g^\top Hg$ grows by more than a hundredfold, so the curvature term $\tfrac12\epsilon^2 g^\top H g$ of
// eq. 8.10 eats a growing share of the first-order gain $\epsilon g^\top g$: more than ten times the share it had at
// initialization.

// %%
const fig81Late = (series: number[]) => {
  const late = series.filter((_, i) => fig81.step[i] > fig81Options.steps / 2);
  return late.reduce((s, v) => s + v, 0) / late.length;
};
const fig81Share = fig81.gHg.map((gHg, i) => (0.5 * fig81Options.lr * fig81Options.lr * gHg) / (fig81Options.lr * fig81.gradientNorm[i] ** 2));
d.check.claim("second-half mean of ‖g‖ over ‖g‖ at initialization", { value: fig81Late(fig81.gradientNorm) / fig81.gradientNorm[0], above: 2 });
d.check.claim("test error at initialization (chance: 0.9)", { value: fig81.testError[0], between: [0.8, 0.95] });
d.check.claim("test error at the end of training", { value: fig81.testError[fig81.testError.length - 1], below: 0.2 });
d.check.claim("second-half mean of gᵀHg over its value at initialization", { value: fig81Late(fig81.gHg) / fig81.gHg[0], above: 100 });
d.check.claim("share ½ε²gᵀHg / εgᵀg: second-half mean over its value at initialization", { value: fig81Late(fig81Share) / fig81Share[0], above: 10 });

// %% [markdown]
// **The spectrum behind it.** $g^\top H g$ mixes the gradient's direction with the curvature. The Hessian's
// extreme eigenvalues need nothing more than Hessian-vector products: Lanczos iteration (20 products at size
// small, 60 at full) on the same measurement images, at the initial weights and at the trained ones.

// %%
const spectrumOptions = d.lab.hessianSpectrumSizes[heavySize];
const fig81Images = { x: fashion.xTrain.subarray(0, fig81Options.nEval * 784), y: fashion.yTrain.subarray(0, fig81Options.nEval), nFeatures: 784 };
const trainedSpectrum = await d.lab.hessianSpectrum(fig81.net, fig81Images, { ...spectrumOptions, label: "Lanczos, trained weights" });
d.train.setFlatParams(fig81.net, fig81.initialParams);
const initialSpectrum = await d.lab.hessianSpectrum(fig81.net, fig81Images, { ...spectrumOptions, label: "Lanczos, initial weights" });
fig81.net.dispose();
const eigenIndex = initialSpectrum.top.map((_, i) => i + 1);
console.log(`λ_min (most negative Ritz value): ${initialSpectrum.smallest.toFixed(3)} at initialization, ${trainedSpectrum.smallest.toFixed(3)} after training; stability limit 2/ε = ${2 / fig81Options.lr}`);
d.plot.lines({
  title: `Top Hessian eigenvalues of the Fashion-MNIST MLP (Lanczos, ${spectrumOptions.iterations} Hessian-vector products)`,
  xTitle: "rank i",
  yTitle: "eigenvalue λᵢ",
  series: [
    { name: "at initialization", x: eigenIndex, y: initialSpectrum.top, mode: "lines+markers" },
    { name: `after ${fig81Options.steps} SGD steps`, x: eigenIndex, y: trainedSpectrum.top, mode: "lines+markers" },
  ],
});

// %% [markdown]
// Training sharpens the loss: the largest eigenvalue grows more than threefold, toward (here: still below)
// the stability limit $2/\epsilon = 40$ of plain gradient descent (Cohen et al. 2021 call this progressive
// sharpening). At initialization the Hessian has a negative eigenvalue almost as large in magnitude as the
// largest positive one — the weights start near a saddle region (8.2.3) — and after training the most negative
// curvature found is less than half as large, relative to $\lambda_1$.

// %%
d.check.claim("λ₁ after training over λ₁ at initialization", { value: trainedSpectrum.top[0] / initialSpectrum.top[0], above: 3 });
d.check.claim("λ₁ after training below 2/ε", { value: trainedSpectrum.top[0], below: 2 / fig81Options.lr });
d.check.claim("at initialization |λ_min|/λ₁", { value: -initialSpectrum.smallest / initialSpectrum.top[0], between: [0.5, 1] });
d.check.claim("|λ_min|/λ₁ after training over |λ_min|/λ₁ at initialization", { value: (-trainedSpectrum.smallest / trainedSpectrum.top[0]) / (-initialSpectrum.smallest / initialSpectrum.top[0]), below: 0.5 });

// %% [markdown]
// **Exercise 8.2.1 — the largest stable learning rate.** For gradient descent on $\tfrac12\theta^\top H\theta$ with a
// symmetric positive-definite $H$, return $2/\lambda_{\max}(H)$. (Power iteration, or `d.secondOrder.symmetricEigenvalues`.)
// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.2-1-stable-lr", "schema_version": 3}}
function largestStableLr(H: number[][]): number {
  // BEGIN SOLUTION
  const eigenvalues = d.secondOrder.symmetricEigenvalues(H);
  return 2 / eigenvalues[eigenvalues.length - 1];
  // END SOLUTION
}
// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.2-1-stable-lr-check", "points": 1, "schema_version": 3}}
d.check.largestStableLr(largestStableLr);
// BEGIN HIDDEN TESTS
d.check.largestStableLr(largestStableLr, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// **Exercise 8.2.2 — the second-order change (eq. 8.10).** Return $\tfrac12\epsilon^2 g^\top H g - \epsilon g^\top g$.
// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.2-2-taylor", "schema_version": 3}}
function secondOrderDecrease(g: number[], H: number[][], epsilon: number): number {
  // BEGIN SOLUTION
  const gHg = H.reduce((s, row, i) => s + g[i] * row.reduce((a, v, j) => a + v * g[j], 0), 0);
  const gg = g.reduce((s, v) => s + v * v, 0);
  return 0.5 * epsilon * epsilon * gHg - epsilon * gg;
  // END SOLUTION
}
// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.2-2-taylor-check", "points": 1, "schema_version": 3}}
d.check.secondOrderDecrease(secondOrderDecrease);
// BEGIN HIDDEN TESTS
d.check.secondOrderDecrease(secondOrderDecrease, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## 8.2.2 Local minima
//
// Neural networks have enormous numbers of local minima, but most are *equivalent*: swapping two hidden units
// (their incoming weights, bias and outgoing weight together) gives a different parameter vector with the same
// function. With $n$ hidden units that is $n!$ copies of every minimum — weight-space symmetry. We check it on
// the trained network above with a seeded random permutation of its 8 units.

// %%
const trained = netRun.params[netRun.params.length - 1];
const perm = d.rng(5).shuffle([0, 1, 2, 3, 4, 5, 6, 7]);
const permuted = net.permuteHidden(trained, perm);
const moved = Math.hypot(...Array.from(trained, (v, i) => v - permuted[i]));
console.log(`permutation ${JSON.stringify(perm)}: ‖θ − θ_perm‖ = ${moved.toFixed(3)}`);
console.log(`loss(θ) = ${net.f(trained)}, loss(θ_perm) = ${net.f(permuted)}, difference ${Math.abs(net.f(trained) - net.f(permuted)).toExponential(1)}`);
console.log(`gradient norm at θ_perm: ${Math.hypot(...net.grad(permuted)).toExponential(3)} (same as at θ: ${Math.hypot(...net.grad(trained)).toExponential(3)})`);

// %% [markdown]
// The two parameter vectors are far apart, yet the losses agree to the last digit or two (only the order of
// floating-point additions differs). Such minima are not a problem — any of them is as good as the others. The
// worrying ones are local minima with a *high* cost, which for large networks appear to be rare (section 8.2.2).

// %% [markdown]
// ## 8.2.3 Plateaus, saddle points and other flat regions
//
// In high dimensions saddle points vastly outnumber minima. $f(x, y) = \tfrac12 x^2 + \tfrac14 y^4 - \tfrac12 y^2$ has a
// strict saddle at the origin between two minima at $(0, \pm 1)$; the Hessian eigenvalues tell them apart:

// %%
const saddle = d.lab.strictSaddle();
for (const [name, p] of [["saddle (0, 0)", [0, 0]], ["minimum (0, 1)", [0, 1]], ["minimum (0, −1)", [0, -1]]] as const) {
  const eig = d.secondOrder.symmetricEigenvalues(saddle.hessian(Float64Array.from(p)));
  console.log(`${name}: gradient ${JSON.stringify(Array.from(saddle.grad(Float64Array.from(p))))}, Hessian eigenvalues ${eig.join(", ")}`);
}

// %% [markdown]
// Gradient descent started near the saddle's attracting direction lingers: the escaping component grows only by
// a factor $1 + \epsilon$ per step from its tiny initial value. Adding noise to the gradient kicks it off the ridge
// (Ge et al. 2015; Jin et al. 2017) — here annealed Gaussian noise $\mathcal N(0, \eta/(1+t)^{0.55})$ with $\eta = 0.01$.

// %%
const saddleStart = [1.5, 1e-10];
const plain = d.run(d.book.sgd({ epsilon: 0.1 }), saddle, { x0: saddleStart, steps: 300 });
const noisy = d.run(d.chain(d.book.sgd({ epsilon: 0.1 }), d.gradientNoise({ eta: 0.01, seed: 3 })), saddle, { x0: saddleStart, steps: 300 });
const saddleSteps = Array.from({ length: 301 }, (_, k) => k);
d.plot.lines({
  title: "Escaping the saddle of ½x² + ¼y⁴ − ½y² from (1.5, 1e−10), ε = 0.1",
  xTitle: "step k",
  yTitle: "f(θₖ) − f* (f* = −¼)",
  logY: true,
  series: [
    { name: "gradient descent (ε = 0.1)", x: saddleSteps, y: plain.loss.map((f) => f - saddle.fStar + 1e-16) },
    { name: "gradient descent + noise (η = 0.01, γ = 0.55)", x: saddleSteps, y: noisy.loss.map((f) => f - saddle.fStar + 1e-16) },
  ],
});

// %% [markdown]
// Both runs first slide down to the saddle, where the cost sits at $f = 0$ (a gap of ¼ to the minimum). Plain gradient
// descent needs over 200 steps to amplify its $10^{-10}$ offset into an escape; the noisy run leaves after a few dozen and
// then hovers about $10^{-5}$ above the minimum, the floor set by its (slowly annealed) noise, while plain descent, once
// off the ridge, converges linearly.
// Started exactly on the axis ($y = 0$), gradient descent would never leave — it converges to the saddle.

// %% [markdown]
// ## 8.2.4 Cliffs and exploding gradients
//
// Very steep regions — products of many large weights, as in recurrent networks — produce gradients so large that
// one step throws the parameters far away (Figure 8.3). Gradient clipping (Pascanu et al. 2013) caps the step's
// length and keeps its direction. A valley toward $(4, 0)$ with a cliff at $x = 1$ where the cost drops by 10 over a
// width of about 0.2:

// %%
const cliff = d.lab.cliffValley({ height: 10, sharpness: 5 });
const cliffStart = [-2, 1];
const unclipped = d.run(d.book.sgd({ epsilon: 1 }), cliff, { x0: cliffStart, steps: 60 });
const clipped = d.run(d.chain(d.book.sgd({ epsilon: 1 }), d.clipByGlobalNorm({ maxNorm: 1 })), cliff, { x0: cliffStart, steps: 60 });
const inView = (ps: Float64Array[]) => ps.filter((p) => p[0] < 14);
d.plot.contour({
  title: "A cliff: 0.05(x − 4)² + ½y² + 10(1 − σ(5(x − 1))), 60 steps of ε = 1 from (−2, 1)",
  f: (x, y) => cliff.f(Float64Array.of(x, y)),
  xRange: [-3, 14],
  yRange: [-2, 2],
  xTitle: "θ₁",
  yTitle: "θ₂",
  zTitle: "f(θ)",
  paths: [
    { name: "gradient descent, ε = 1", points: inView(unclipped.params) },
    { name: "gradient descent, ε = 1, clipped to ‖g‖ ≤ 1", points: clipped.params },
  ],
  marks: [{ name: "minimum (4, 0)", x: 4, y: 0 }],
});

// %%
const jump = Math.max(...unclipped.params.slice(1).map((p, k) => Math.hypot(p[0] - unclipped.params[k][0], p[1] - unclipped.params[k][1])));
console.log(`largest single step without clipping: ${jump.toFixed(1)} (to θ₁ = ${Math.max(...unclipped.params.map((p) => p[0])).toFixed(1)}); with clipping ≤ 1`);
for (const k of [10, 20, 60]) console.log(`after ${k} steps: cost ${unclipped.loss[k].toFixed(3)} without clipping, ${clipped.loss[k].toFixed(3)} with`);

// %% [markdown]
// On the cliff face the gradient reaches $10\cdot 5/4 = 12.5$: one unclipped step of about 12 catapults the iterate
// to $\theta_1 \approx 13$, far past the minimum, and it spends the following steps walking back (the printed costs).
// Clipped steps have length at most $\epsilon\cdot 1$, so the clipped run goes down the cliff and into the valley directly.

// %% [markdown]
// **Exercise 8.2.3 — clipping by norm.** Return $g\,v/\lVert g\rVert$ if $\lVert g\rVert > v$, else $g$ unchanged.
// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.2-3-clip", "schema_version": 3}}
function clipGradientNorm(g: number[], threshold: number): number[] {
  // BEGIN SOLUTION
  const norm = Math.sqrt(g.reduce((s, v) => s + v * v, 0));
  return norm > threshold ? g.map((v) => (v * threshold) / norm) : g.slice();
  // END SOLUTION
}
// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.2-3-clip-check", "points": 1, "schema_version": 3}}
d.check.clipGradientNorm(clipGradientNorm);
// BEGIN HIDDEN TESTS
d.check.clipGradientNorm(clipGradientNorm, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## 8.2.5 Long-term dependencies
//
// A computation that applies the same matrix $W = V\operatorname{diag}(\lambda)V^{-1}$ $t$ times gives
// $W^t = V\operatorname{diag}(\lambda)^t V^{-1}$ (eq. 8.11): components along eigenvalues with $|\lambda| < 1$ vanish and those with
// $|\lambda| > 1$ explode. We follow $\lVert W^t x\rVert$ for a $2 \times 2$ $W$ with eigenvalues 1.1 and 0.9, and for
// its scaled copies.

// %%
const V = [[1, 1], [0.5, -1]];
const det = V[0][0] * V[1][1] - V[0][1] * V[1][0];
const Vinv = [[V[1][1] / det, -V[0][1] / det], [-V[1][0] / det, V[0][0] / det]];
const withEigenvalues = (l1: number, l2: number) =>
  [0, 1].map((i) => [0, 1].map((j) => V[i][0] * l1 * Vinv[0][j] + V[i][1] * l2 * Vinv[1][j]));
const powersOf = (W: number[][], steps: number) => {
  let x = [1, 1];
  const norms = [Math.hypot(x[0], x[1])];
  for (let t = 0; t < steps; t++) {
    x = [W[0][0] * x[0] + W[0][1] * x[1], W[1][0] * x[0] + W[1][1] * x[1]];
    norms.push(Math.hypot(x[0], x[1]));
  }
  return norms;
};
const tSteps = Array.from({ length: 61 }, (_, t) => t);
d.plot.lines({
  title: "Repeated multiplication by W = V diag(λ₁, λ₂) V⁻¹, x₀ = (1, 1)",
  xTitle: "number of multiplications t",
  yTitle: "‖Wᵗ x₀‖",
  logY: true,
  series: [
    { name: "λ = (1.1, 0.9): explodes like 1.1ᵗ", x: tSteps, y: powersOf(withEigenvalues(1.1, 0.9), 60) },
    { name: "λ = (0.9, 0.8): vanishes like 0.9ᵗ", x: tSteps, y: powersOf(withEigenvalues(0.9, 0.8), 60) },
    { name: "λ = (1, 0.5): the λ = 1 component survives", x: tSteps, y: powersOf(withEigenvalues(1, 0.5), 60) },
    { name: "1.1ᵗ (largest eigenvalue of the first W)", x: tSteps, y: tSteps.map((t) => 1.1 ** t), dash: "dash" },
    { name: "0.9ᵗ (largest eigenvalue of the second W)", x: tSteps, y: tSteps.map((t) => 0.9 ** t), dash: "dash" },
  ],
});

// %% [markdown]
// After 60 steps the first product has grown 300-fold and the second has shrunk to a few thousandths — both
// following the largest eigenvalue, as the dashed lines show. Gradients through such a chain vanish or explode
// the same way; this is why recurrent networks (chapter 10) need special care.
//
// ## 8.2.6 Inexact gradients
//
// Almost every algorithm of this chapter receives a noisy or biased gradient: minibatches (measured in notebook 8.1:
// error $\sigma/\sqrt m$), or intractable objectives estimated by sampling. The methods that succeed are those
// that tolerate such errors — which is also why a surrogate loss is preferred when the true loss has no useful gradient.
//
// ## 8.2.7 Poor correspondence between local and global structure
//
// Even without local minima or saddles, the local gradient may point along a path that is very long, or that never
// ends: on separable data the log-loss has no minimum, and gradient descent on it drives $\lVert w\rVert$ to infinity
// (notebook 8.1, surrogate loss). Good initialization (section 8.4) is one of the few tools to start in a region
// connected to a good solution by a short path.
//
// ## 8.2.8 Theoretical limits of optimization
//
// Some results say that certain problems are intractable, or that no algorithm can do better than a given rate
// (for first-order methods on convex functions, $O(1/k^2)$ — notebook 8.3). They rarely constrain practice: networks
// are larger than needed, and we accept any solution with a low enough cost, not the global minimum.

// %% [markdown]
// **Exercise 8.2.4 — condition number.** Return $\kappa = \lambda_{\max}/\lambda_{\min}$ of a symmetric positive-definite $H$.
// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.2-4-condition", "schema_version": 3}}
function conditionNumber(H: number[][]): number {
  // BEGIN SOLUTION
  const eigenvalues = d.secondOrder.symmetricEigenvalues(H);
  return eigenvalues[eigenvalues.length - 1] / eigenvalues[0];
  // END SOLUTION
}
// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.2-4-condition-check", "points": 1, "schema_version": 3}}
d.check.conditionNumber(conditionNumber);
// BEGIN HIDDEN TESTS
d.check.conditionNumber(conditionNumber, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Further reading
//
// - Y. Dauphin, R. Pascanu, C. Gulcehre, K. Cho, S. Ganguli, Y. Bengio (2014), *Identifying and attacking the saddle point problem in high-dimensional non-convex optimization*.
// - R. Ge, F. Huang, C. Jin, Y. Yuan (2015), *Escaping from saddle points — online stochastic gradient for tensor decomposition*; C. Jin, R. Ge, P. Netrapalli, S. Kakade, M. Jordan (2017), *How to escape saddle points efficiently*.
// - R. Pascanu, T. Mikolov, Y. Bengio (2013), *On the difficulty of training recurrent neural networks* — cliffs and gradient clipping.
// - A. Saxe, J. McClelland, S. Ganguli (2014), *Exact solutions to the nonlinear dynamics of learning in deep linear neural networks* — plateaus and their escape.
// - I. Goodfellow, O. Vinyals, A. Saxe (2015), *Qualitatively characterizing neural network optimization problems*.
// - J. Martens (2010), *Deep learning via Hessian-free optimization* — pathological curvature.
