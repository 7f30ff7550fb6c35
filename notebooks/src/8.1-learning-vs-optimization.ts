// %% [markdown]
// # 8.1 How learning differs from pure optimization
//
// Training a network looks like minimizing a function, but the function we minimize is not the one we care
// about. We want a low expected loss on *new* data — the risk — and we can only measure the average loss on
// the training set. Section 8.1 draws three consequences: we minimize a stand-in (the empirical risk, often
// of a surrogate loss), we stop before the stand-in's minimum (early stopping), and we never need its exact
// gradient (minibatches). This notebook measures each one.

// %%
import * as d from "./src";

// %% [markdown]
// ## 8.1.1 Empirical risk minimization
//
// The quantity we want small is the risk under the data-generating distribution (eq. 8.2),
// $J^*(\theta) = \mathbb E_{(x,y)\sim p_{\text{data}}} L(f(x;\theta), y)$. Since $p_{\text{data}}$ is unknown we minimize the
// empirical risk over $m$ training examples (eq. 8.3),
// $$\mathbb E_{(x,y)\sim \hat p_{\text{data}}} L(f(x;\theta), y) = \frac1m \sum_{i=1}^m L\big(f(x^{(i)};\theta), y^{(i)}\big).$$
// To see the gap we need a distribution we *do* know: linear regression with $x \sim \mathcal N(0, I_5)$ and
// $y = w^{*\top}x + \xi$, $\xi \sim \mathcal N(0, 1)$, squared loss $\tfrac12(w^\top x - y)^2$. For the least-squares
// fit $\hat w$ on $m$ examples the true risk is exactly $\tfrac12(1 + \lVert\hat w - w^*\rVert^2)$, so both risks
// are measured (mean over 200 draws of the training set) and compared with their expected values
// $\tfrac12\sigma^2(1 - d/m)$ and $\tfrac12\sigma^2(1 + d/(m-d-1))$.

// %%
const gap = d.lab.leastSquaresRiskGap({ dim: 5, noiseStd: 1, sizes: [8, 10, 15, 20, 30, 50, 100, 200, 500, 1000], trials: 200, seed: 0 });
console.log(`m = 8: empirical risk ${gap.empirical[0].toFixed(3)} (expected ${gap.expectedEmpirical[0].toFixed(3)}), true risk ${gap.truth[0].toFixed(3)} (expected ${gap.expectedTruth[0].toFixed(3)})`);
d.plot.lines({
  title: "Least squares on m examples from a known distribution (d = 5, σ = 1): empirical vs true risk",
  xTitle: "training set size m (examples)",
  yTitle: "risk of the fitted ŵ (½ squared error)",
  logX: true,
  series: [
    { name: "true risk J*(ŵ), measured", x: gap.sizes, y: gap.truth, mode: "lines+markers" },
    { name: "expected ½σ²(1 + d/(m − d − 1))", x: gap.sizes, y: gap.expectedTruth, dash: "dash" },
    { name: "empirical risk on the training set, measured", x: gap.sizes, y: gap.empirical, mode: "lines+markers" },
    { name: "expected ½σ²(1 − d/m)", x: gap.sizes, y: gap.expectedEmpirical, dash: "dash" },
    { name: "Bayes risk ½σ² (the true w*)", x: [gap.sizes[0], gap.sizes[gap.sizes.length - 1]], y: [gap.bayes, gap.bayes], dash: "dot" },
  ],
});

// %% [markdown]
// The empirical risk of the fitted model is always *below* the Bayes risk ½ — minimizing it fits the noise —
// while the true risk is above; both converge to ½ as $m$ grows. With 8 examples the training set promises
// about 0.19 and the model delivers about 2 on new data (1.75 expected; printed above): minimizing the empirical
// risk is only a proxy for what we want.

// %%
const lastM = gap.sizes.length - 1;
d.check.claim("the empirical risk is below the Bayes risk ½ at every m", { holds: gap.empirical.every((e) => e < gap.bayes) });
d.check.claim("the true risk is above ½ at every m", { holds: gap.truth.every((t) => t > gap.bayes) });
d.check.claim("both converge to ½: at m = 1000 they differ from ½ by under 1 %", { value: Math.max(Math.abs(gap.empirical[lastM] / gap.bayes - 1), Math.abs(gap.truth[lastM] / gap.bayes - 1)), below: 0.01 });
d.check.claim("m = 8: the training set promises about 0.19", { value: gap.empirical[0], approx: 0.19, rel: 0.05 });
d.check.claim("m = 8: the model delivers about 2 on new data", { value: gap.truth[0], approx: 2, rel: 0.1 });

// %% [markdown]
// **Exercise 8.1.1 — empirical risk (eq. 8.3).** Return the mean over the rows $x^{(i)}$ of `X` of the squared
// loss $\tfrac12(w^\top x^{(i)} - y^{(i)})^2$.
// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.1-1-empirical-risk", "schema_version": 3}}
function empiricalRisk(w: number[], X: number[][], y: number[]): number {
  // BEGIN SOLUTION
  let sum = 0;
  X.forEach((x, i) => {
    const residual = x.reduce((s, v, j) => s + v * w[j], 0) - y[i];
    sum += 0.5 * residual * residual;
  });
  return sum / X.length;
  // END SOLUTION
}
// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.1-1-empirical-risk-check", "points": 1, "schema_version": 3}}
d.check.empiricalRisk(empiricalRisk);
// BEGIN HIDDEN TESTS
d.check.empiricalRisk(empiricalRisk, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## 8.1.2 Surrogate loss functions and early stopping
//
// The loss we care about is often the 0-1 loss (the error rate), whose gradient is zero almost everywhere.
// We minimize a surrogate instead, such as the negative log-likelihood of the correct class. The book notes
// that learning can keep *improving* after the training 0-1 loss has reached zero: the *test* 0-1 loss keeps
// falling, because minimizing the log-likelihood keeps pushing the classes apart, which makes the classifier
// more robust. Logistic regression by gradient descent on 200 points in the plane, separable by a line with a
// gap of 0.02 on each side, and 5,000 test points from the same distribution:

// %%
const drawn = d.lab.syntheticClassification({ n: 5200, dim: 2, seed: 3, margin: 0.02 });
const separable = { X: drawn.X.slice(0, 200), y: drawn.y.slice(0, 200) };
const heldOut = { X: drawn.X.slice(200), y: drawn.y.slice(200) };
const logLoss = d.problems.logisticRegression({ X: separable.X, y: separable.y });
const surrogateSteps = 3000;
const surrogateRun = d.run(d.book.sgd({ epsilon: 1 }), logLoss, { x0: [0, 0, 0], steps: surrogateSteps });
const surrogateK = d.lab.logSpacedSteps(surrogateSteps, 60);
const zeroOne = surrogateK.map((k) => d.lab.zeroOneLoss(surrogateRun.params[k], separable.X, separable.y));
const testZeroOne = surrogateK.map((k) => d.lab.zeroOneLoss(surrogateRun.params[k], heldOut.X, heldOut.y));
const firstPerfect = surrogateK.find((k, i) => zeroOne[i] === 0);
d.plot.lines({
  title: "Gradient descent (ε = 1) on logistic regression, 200 separable points",
  xTitle: "step k",
  yTitle: "training log-loss (nats) · error rate",
  logX: true,
  series: [
    { name: "surrogate: training mean log-loss (nats)", x: surrogateK, y: surrogateK.map((k) => surrogateRun.loss[k]) },
    { name: "training 0-1 loss (error rate)", x: surrogateK, y: zeroOne },
    { name: "test 0-1 loss (5,000 new points)", x: surrogateK, y: testZeroOne },
  ],
}).show();
d.plot.lines({
  title: "The same run, error rates only: the test error keeps falling after the training error is 0",
  xTitle: "step k",
  yTitle: "error rate (%)",
  logX: true,
  series: [
    { name: "training 0-1 loss (200 points)", x: surrogateK, y: zeroOne.map((e) => 100 * e), mode: "lines+markers" },
    { name: "test 0-1 loss (5,000 points)", x: surrogateK, y: testZeroOne.map((e) => 100 * e), mode: "lines+markers" },
    { name: `training error first 0 (step ${firstPerfect})`, x: [firstPerfect ?? 1, firstPerfect ?? 1], y: [0, 100 * Math.max(...testZeroOne)], dash: "dash" },
  ],
});

// %%
const weightNorm = (k: number) => Math.hypot(surrogateRun.params[k][0], surrogateRun.params[k][1]);
console.log(`0-1 loss first 0 at step ${firstPerfect}; log-loss then ${surrogateRun.loss[firstPerfect ?? 0].toFixed(4)}, at step ${surrogateSteps}: ${surrogateRun.loss[surrogateSteps].toFixed(4)} nats`);
console.log(`‖w‖ at step ${firstPerfect}: ${weightNorm(firstPerfect ?? 0).toFixed(2)}; at step ${surrogateSteps}: ${weightNorm(surrogateSteps).toFixed(2)}`);
const testAt = (k: number) => d.lab.zeroOneLoss(surrogateRun.params[k], heldOut.X, heldOut.y);
console.log(`test 0-1 loss: ${(100 * testAt(firstPerfect ?? 0)).toFixed(2)}% at step ${firstPerfect}, ${(100 * testAt(30)).toFixed(2)}% at step 30, ${(100 * testAt(surrogateSteps)).toFixed(2)}% at step ${surrogateSteps}`);
d.check.claim("the training 0-1 loss reaches 0 early (step) and stays 0", { value: firstPerfect ?? Infinity, below: 20 });
d.check.claim("…and stays 0 at every later plotted step", { holds: surrogateK.every((k, i) => k < (firstPerfect ?? 0) || zeroOne[i] === 0) });
d.check.claim("when the training error first reaches 0, the test error is about 0.8 %", { value: 100 * testAt(firstPerfect ?? 0), approx: 0.8, rel: 0.1 });
d.check.claim("after that the test 0-1 loss keeps falling (test error at the end / at the first perfect step)", { value: testAt(surrogateSteps) / testAt(firstPerfect ?? 0), below: 0.1 });
d.check.claim("the training log-loss keeps falling: from the first perfect step to the end, by a factor over 10", { value: surrogateRun.loss[firstPerfect ?? 0] / surrogateRun.loss[surrogateSteps], above: 10 });
d.check.claim("‖w‖ keeps growing (ratio end / first perfect step)", { value: weightNorm(surrogateSteps) / weightNorm(firstPerfect ?? 0), above: 5 });

// %% [markdown]
// The training error rate reaches zero early and stays there, but the *test* error rate keeps falling — from
// about 0.8 % to 0 on these 5,000 points — while the training log-loss keeps decreasing and the weights keep
// growing: the boundary turns toward the direction that separates the classes with the widest margin. On
// separable data the surrogate has no minimum at all: gradient descent would run forever — one reason training
// stops on a different criterion.
//
// **Early stopping.** A training algorithm usually halts when a criterion based on held-out data stops
// improving (section 7.8), not at a minimum of the training loss, which may still have a large gradient.
// A network 64 → 256 → 10 trained on only 300 of the 8×8 digits overfits quickly; a validation set of 287
// digits, split off the training part (the test set stays untouched), tells when to stop. This cell runs
// tfjs; it prints the backend and the time taken.

// %%
const backend = await d.tf.ready();
const digits = await d.data.loadDigits({ seed: 0, validationFraction: 0.2 });
const small = 300;
const smallDigits = { ...digits, xTrain: digits.xTrain.subarray(0, small * digits.nFeatures), yTrain: digits.yTrain.subarray(0, small) };
const earlyStart = Date.now();
const overfit = await d.train.fit(d.train.mlp({ sizes: [64, 256, 10], seed: 1 }), smallDigits, {
  optimizer: d.tf.optim.adam({ lr: 0.01 }),
  epochs: 60,
  batchSize: 30,
  seed: 0,
});
console.log(`trained 60 epochs on the ${backend.backend} backend in ${((Date.now() - earlyStart) / 1000).toFixed(1)} s`);
const bestEpoch = 1 + overfit.valLoss.indexOf(Math.min(...overfit.valLoss));
d.plot.lines({
  title: `MLP 64→256→10 on 300 digits, Adam (lr = 0.01), batch 30: train vs validation loss`,
  xTitle: "epoch",
  yTitle: "cross-entropy (nats)",
  logY: true,
  series: [
    { name: "training loss (mean over the epoch's minibatches)", x: overfit.epoch, y: overfit.trainLoss },
    { name: `validation loss (${digits.yVal.length} held-out digits)`, x: overfit.epoch, y: overfit.valLoss },
    { name: `early stopping: best validation epoch ${bestEpoch}`, x: [bestEpoch, bestEpoch], y: [Math.min(...overfit.trainLoss), Math.max(...overfit.valLoss)], dash: "dash" },
  ],
});

// %% [markdown]
// The training loss keeps falling by orders of magnitude while the validation loss bottoms out at the dashed
// epoch and then rises: past it the network memorizes the 300 examples. Early stopping returns the
// parameters of the dashed epoch — chosen by data the optimizer never saw.

// %%
const lastEpoch = overfit.epoch.length;
console.log(`best epoch ${bestEpoch}: validation loss ${overfit.valLoss[bestEpoch - 1].toFixed(3)} nats, accuracy ${(100 * overfit.valAccuracy[bestEpoch - 1]).toFixed(1)}%`);
console.log(`last epoch ${lastEpoch}: validation loss ${overfit.valLoss[lastEpoch - 1].toFixed(3)} nats, training loss ${overfit.trainLoss[lastEpoch - 1].toExponential(2)} nats`);
d.check.claim("the training loss falls by orders of magnitude (first / last epoch)", { value: overfit.trainLoss[0] / overfit.trainLoss[lastEpoch - 1], above: 100 });
d.check.claim("the validation loss bottoms out before the end and then rises (last / best)", { value: overfit.valLoss[lastEpoch - 1] / overfit.valLoss[bestEpoch - 1], above: 1.1 });
d.check.claim("the best validation epoch is early", { value: bestEpoch, below: lastEpoch / 2 });
d.check.claim("the validation set holds 287 digits", { value: digits.yVal.length, approx: 287, abs: 0 });

// %% [markdown]
// **Exercise 8.1.2 — the 0-1 loss.** The loss we care about in classification: for a linear classifier
// $\theta = [w_1, \dots, w_d, b]$ that predicts class 1 when $w^\top x + b > 0$ and class 0 otherwise, return the share of
// rows of `X` whose prediction differs from the label in `y`.
// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.1-2-zero-one", "schema_version": 3}}
function zeroOneLoss(theta: number[], X: number[][], y: number[]): number {
  // BEGIN SOLUTION
  let wrong = 0;
  X.forEach((x, i) => {
    const score = x.reduce((s, v, j) => s + v * theta[j], theta[x.length]);
    if ((score > 0 ? 1 : 0) !== y[i]) wrong++;
  });
  return wrong / X.length;
  // END SOLUTION
}
// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.1-2-zero-one-check", "points": 1, "schema_version": 3}}
d.check.zeroOneLoss(zeroOneLoss);
// BEGIN HIDDEN TESTS
d.check.zeroOneLoss(zeroOneLoss, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## 8.1.3 Batch and minibatch algorithms
//
// The gradient of the empirical risk is a mean over all $m$ examples. A minibatch of $m'$ examples drawn at
// random gives an unbiased estimate whose standard error is $\sigma/\sqrt{m'}$, with $\sigma$ the spread of the
// per-example gradients. Because of the square root, each extra example buys less accuracy. We measure it on
// logistic regression with 5,000 examples in 10 dimensions: for each batch size, 200 random minibatches at a
// fixed $\theta$, and the root-mean-square distance of their gradient to the full gradient.

// %%
const bigData = d.lab.syntheticClassification({ n: 5000, dim: 10, seed: 7, labelNoise: 0.1 });
const bigProblem = d.problems.minibatchLogisticRegression({ X: bigData.X, y: bigData.y, batchSize: 1, seed: 0 });
const theta = Array.from({ length: 11 }, (_, j) => (j < 10 ? 0.5 * bigData.direction[j] : 0));
const batchSizes = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
const noise = d.lab.minibatchGradientError(bigProblem, theta, { sizes: batchSizes, draws: 200, seed: 1 });
const noiseFit = d.lab.fitPowerLaw(batchSizes, noise.rmsError);
console.log(`per-example spread σ = ${noise.sigma.toFixed(4)}; fitted slope ${noiseFit.slope.toFixed(3)} (theory −0.5)`);
d.plot.lines({
  title: "Minibatch gradient error on logistic regression (n = 5000, 11 parameters), 200 draws per size",
  xTitle: "minibatch size m′ (examples)",
  yTitle: "RMS error ‖ĝ − g‖",
  logX: true,
  logY: true,
  series: [
    { name: `measured (fitted slope ${noiseFit.slope.toFixed(2)})`, x: batchSizes, y: noise.rmsError, mode: "markers" },
    { name: `σ/√m′, σ = ${noise.sigma.toFixed(3)} (slope −½)`, x: batchSizes, y: batchSizes.map((m) => noise.sigma / Math.sqrt(m)), dash: "dash" },
  ],
});

// %% [markdown]
// The measured points sit on the dashed $\sigma/\sqrt{m'}$ line, slope $-\tfrac12$. Read off the arithmetic of the
// book: 100 examples instead of 1 cut the error by 10; 10,000 times the data cut it by only 100.

// %%
const errorAt = (m: number) => noise.sigma / Math.sqrt(m);
console.log(`σ/√1 = ${errorAt(1).toFixed(4)}, σ/√100 = ${errorAt(100).toFixed(4)} (×${(errorAt(1) / errorAt(100)).toFixed(0)} better for ×100 the work)`);
console.log(`σ/√10000 = ${errorAt(10000).toFixed(5)} (×${(errorAt(1) / errorAt(10000)).toFixed(0)} better for ×10000 the work)`);
d.check.claim("the measured slope is −½", { value: noiseFit.slope, approx: -0.5, abs: 0.02 });
d.check.claim("the measured points sit on σ/√m′ (largest relative deviation)", { value: Math.max(...batchSizes.map((m, i) => Math.abs(noise.rmsError[i] / errorAt(m) - 1))), below: 0.1 });
d.check.claim("the fitted law: 100 examples instead of 1 cut the error by about 10", { value: noiseFit.predict(1) / noiseFit.predict(100), approx: 10, rel: 0.05 });
d.check.claim("the fitted law: 10,000 times the data cut it by only about 100", { value: noiseFit.predict(1) / noiseFit.predict(10000), approx: 100, rel: 0.1 });

// %% [markdown]
// **Is a bigger batch slower?** Not proportionally: parallel hardware processes a batch of 64 in far less than
// 16 times the time of a batch of 4, so small batches waste it. We time one epoch of the digits network for
// several batch sizes (timings depend on the machine and vary between runs).

// %%
const timedSizes = [4, 16, 64, 256, 1024];
const epochSeconds: number[] = [];
for (const batchSize of timedSizes) {
  const h = await d.train.fit(d.train.mlp({ sizes: [64, 256, 10], seed: 1 }), digits, { optimizer: d.tf.optim.sgd({ lr: 0.05 }), epochs: 1, batchSize: batchSize, seed: 0 });
  epochSeconds.push(h.seconds[0]);
}
console.log(`backend ${backend.backend}: ${timedSizes.map((m, i) => `batch ${m}: ${epochSeconds[i].toFixed(2)} s`).join(", ")}`);
d.plot.lines({
  title: `Time for one epoch (${digits.yTrain.length} digits) of MLP 64→256→10 with SGD, ${backend.backend} backend`,
  xTitle: "minibatch size (examples)",
  yTitle: "seconds per epoch",
  logX: true,
  logY: true,
  series: [
    { name: "measured time per epoch", x: timedSizes, y: epochSeconds, mode: "lines+markers" },
    { name: "if time per step were constant (∝ 1/m)", x: timedSizes, y: timedSizes.map((m) => (epochSeconds[0] * timedSizes[0]) / m), dash: "dash" },
  ],
});

// %% [markdown]
// The epoch gets much faster with bigger batches because a step costs far less than proportionally more as the
// batch grows, until the batch fills the hardware; past that the curve flattens. Together with the $\sigma/\sqrt{m'}$
// law this is the trade-off behind the usual minibatch sizes of 32–256: big enough to use the hardware, small
// enough to take many (noisy but cheap) steps.

// %%
const stepsPerEpoch = (m: number) => Math.ceil(digits.yTrain.length / m);
const perStep = timedSizes.map((m, i) => epochSeconds[i] / stepsPerEpoch(m));
// site: output differs in the browser: it prints measured step times and their ratios, which change from run to run
console.log(`seconds per step: ${timedSizes.map((m, i) => `batch ${m}: ${(1000 * perStep[i]).toFixed(2)} ms`).join(", ")}`);
d.check.claim("a step on 64 examples costs far less than 16 times a step on 4 (ratio of step times)", { value: perStep[2] / perStep[0], below: 8 });
d.check.claim("the epoch gets much faster from batch 4 to batch 64 (ratio of epoch times)", { value: epochSeconds[0] / epochSeconds[2], above: 2 });

// %% [markdown]
// The book adds two more points. Minibatches must be drawn at random — in practice by shuffling the examples
// (once, or, as `d.problems.minibatchSampler` does, afresh every epoch) and taking consecutive batches — and
// on the *first* pass through the data each minibatch gives an unbiased estimate of the gradient of the true risk
// $J^*$; later passes reuse examples, so their estimates are of the empirical risk's gradient and are biased for $J^*$.

// %% [markdown]
// **Exercise 8.1.2 — a minibatch gradient.** For the squared loss $\tfrac12(w^\top x - y)^2$, return the mean
// gradient over the rows whose indices are listed in `batch`.
// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.1-2-minibatch-gradient", "schema_version": 3}}
function minibatchGradient(w: number[], X: number[][], y: number[], batch: number[]): number[] {
  // BEGIN SOLUTION
  const g = w.map(() => 0);
  for (const i of batch) {
    const residual = X[i].reduce((s, v, j) => s + v * w[j], 0) - y[i];
    X[i].forEach((v, j) => (g[j] += (residual * v) / batch.length));
  }
  return g;
  // END SOLUTION
}
// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.1-2-minibatch-gradient-check", "points": 2, "schema_version": 3}}
d.check.minibatchGradient(minibatchGradient);
// BEGIN HIDDEN TESTS
d.check.minibatchGradient(minibatchGradient, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// **Exercise 8.1.3 — standard error.** Return the standard error of the mean of `samples`: $\hat\sigma/\sqrt m$,
// with $\hat\sigma$ the sample standard deviation (divide by $m - 1$).
// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.1-3-standard-error", "schema_version": 3}}
function standardError(samples: number[]): number {
  // BEGIN SOLUTION
  const m = samples.length;
  const mean = samples.reduce((s, v) => s + v, 0) / m;
  const variance = samples.reduce((s, v) => s + (v - mean) ** 2, 0) / (m - 1);
  return Math.sqrt(variance) / Math.sqrt(m);
  // END SOLUTION
}
// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.1-3-standard-error-check", "points": 1, "schema_version": 3}}
d.check.standardError(standardError);
// BEGIN HIDDEN TESTS
d.check.standardError(standardError, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// **Exercise 8.1.4 — how big a batch?** Return the smallest integer $m$ with $\sigma/\sqrt m \le$ `target`.
// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.1-4-batch-size", "schema_version": 3}}
function batchSizeForError(sigma: number, target: number): number {
  // BEGIN SOLUTION
  let m = Math.max(1, Math.ceil((sigma / target) ** 2));
  while (m > 1 && sigma / Math.sqrt(m - 1) <= target) m--;
  while (sigma / Math.sqrt(m) > target) m++;
  return m;
  // END SOLUTION
}
// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.1-4-batch-size-check", "points": 1, "schema_version": 3}}
d.check.batchSizeForError(batchSizeForError);
// BEGIN HIDDEN TESTS
d.check.batchSizeForError(batchSizeForError, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Further reading
//
// - V. Vapnik (1998), *Statistical Learning Theory* — empirical risk minimization.
// - L. Bottou, O. Bousquet (2008), *The tradeoffs of large scale learning* — why optimizing past the statistical error is wasted.
// - D. Masters, C. Luschi (2018), *Revisiting small batch training for deep neural networks* — batch size in practice.
// - A. Wilson, R. Roelofs, M. Stern, N. Srebro, B. Recht (2017), *The marginal value of adaptive gradient methods in machine learning* — the optimizer changes which minimum, and so which generalization, you get.
// - Section 7.8 of the book — early stopping as regularization.
