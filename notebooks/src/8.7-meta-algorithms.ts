// %% [markdown]
// # 8.7 Optimization strategies and meta-algorithms
//
// The last section of the chapter is a toolbox: techniques that are not optimizers themselves but
// change the problem, the model or the schedule so that an optimizer does better. In the book's order:
// 8.7.1 batch normalization, 8.7.2 coordinate descent, 8.7.3 Polyak averaging, 8.7.4 supervised
// pretraining, 8.7.5 designing models to aid optimization, 8.7.6 continuation methods and curriculum learning.

// %%
import * as d from "./src";

// %% [markdown]
// ## 8.7.1 Batch normalization
//
// **Why it is needed: higher-order effects.** The gradient tells how the loss changes when *one*
// parameter moves and the others stay put; a gradient step moves them all at once. The book's example
// is a deep linear chain $\hat y = x\, w_1 w_2 \cdots w_l$ with one unit per layer. With $g_i = \partial \hat y/\partial w_i$,
// the first-order Taylor series predicts that the step $w \leftarrow w - \epsilon g$ lowers $\hat y$ by $\epsilon\, g^\top g$;
// the actual new value $x \prod_i (w_i - \epsilon g_i)$ contains products of up to $l$ step terms. Starting from
// $x = 1$ and all $w_i = 1$ (so $\hat y = 1$, $g_i = 1$), with $\epsilon = 0.1$:

// %%
const depths = Array.from({ length: 30 }, (_, i) => i + 1);
const chainSteps = depths.map((l) => d.lab.linearChainStep(new Array(l).fill(1), 1, 0.1));
d.plot.lines({
  title: "ŷ = x·w₁···w_l after one gradient step (ε = 0.1, x = 1, all wᵢ = 1)",
  xTitle: "depth l (number of factors)",
  yTitle: "ŷ after the step",
  series: [
    { name: "predicted by first order: ŷ − ε gᵀg = 1 − 0.1·l", x: depths, y: chainSteps.map((s) => s.yBefore - s.predictedDecrease), dash: "dash" },
    { name: "actual: (1 − 0.1)^l", x: depths, y: chainSteps.map((s) => s.yAfter), mode: "lines+markers" },
  ],
});

// %% [markdown]
// For one or two factors the prediction is close. At depth 10 it predicts $\hat y = 0$ while the true value is
// $0.35$; at depth 30 it predicts $-2$ and the truth is $0.04$.

// %%
d.check.claim("depth 10: first order predicts ŷ = 0", { value: chainSteps[9].yBefore - chainSteps[9].predictedDecrease, approx: 0, abs: 1e-12 });
d.check.claim("depth 10: the true value is 0.35", { value: chainSteps[9].yAfter, approx: 0.35, abs: 0.005 });
d.check.claim("depth 30: first order predicts −2", { value: chainSteps[29].yBefore - chainSteps[29].predictedDecrease, approx: -2, abs: 1e-12 });
d.check.claim("depth 30: the true value is 0.04", { value: chainSteps[29].yAfter, approx: 0.04, abs: 0.005 });

// %% [markdown]
// How much a step changes the output depends on
// all the other layers, so no single learning rate suits every depth and every moment of training.
// Batch normalization (Ioffe & Szegedy, 2015) reparametrizes each layer so that its output's mean and
// standard deviation over the minibatch are learned parameters ($\beta$, $\gamma$) rather than the
// product of everything below: $H' = \gamma \frac{H - \mu}{\sqrt{\delta + \sigma^2}} + \beta$ (eqs. 8.35–8.37),
// with $\mu$, $\sigma$ computed from the minibatch and back-propagated through.
//
// **Training with and without batch normalization** (heavy cell, tfjs): an MLP with 8 hidden sigmoid layers
// of 32 units on the digits, SGD with momentum (lr 0.1, α 0.9), 8 epochs, batch 32, the same seed. After every
// epoch we also record what hidden unit 4 of layer 6 receives (its nonlinearity's input) for the 360 test digits.

// %%
const backend = await d.tf.ready();
const digits = await d.data.loadDigits({ seed: 0 });
const deepSizes = [digits.nFeatures, 32, 32, 32, 32, 32, 32, 32, 32, digits.nClasses];
const quantiles = (values: number[]) => {
  const s = values.slice().sort((a, b) => a - b);
  return [0.05, 0.5, 0.95].map((q) => s[Math.min(s.length - 1, Math.floor(q * s.length))]);
};
const bnStart = Date.now();
const bnRuns: { name: string; history: Awaited<ReturnType<typeof d.train.fit>>; unit: number[][] }[] = [];
for (const batchNorm of [false, true]) {
  const model = d.train.mlp({ sizes: deepSizes, activation: "sigmoid", batchNorm, seed: 0 });
  const probe = async () => quantiles((await d.lab.hiddenPreActivations(model, digits.xTest, digits.nFeatures, 5)).map((row) => row[3]));
  const unit = [await probe()];
  const history = await d.train.fit(model, digits, {
    optimizer: d.tf.optim.sgd({ lr: 0.1, momentum: 0.9 }),
    epochs: 8,
    batchSize: 32,
    seed: 0,
    monitorTest: true,
    onEpoch: async () => {
      unit.push(await probe());
    },
  });
  bnRuns.push({ name: batchNorm ? "with batch normalization" : "without batch normalization", history, unit });
  model.dispose();
}
console.log(`2 deep MLPs × 8 epochs on the ${backend.backend} backend in ${((Date.now() - bnStart) / 1000).toFixed(1)} s`);

// %% [markdown]
// The training loss per epoch:

// %%
d.plot.lines({
  title: `MLP 64→(32 sigmoid)×8→10 on digits, SGD (lr 0.1, α 0.9), batch 32 (${backend.backend} backend)`,
  xTitle: "epoch",
  yTitle: "training cross-entropy (nats, log scale)",
  logY: true,
  series: bnRuns.map((r) => ({ name: `${r.name}`, x: r.history.epoch, y: r.history.trainLoss, mode: "lines+markers" as const })),
});

// %% [markdown]
// Without batch normalization the deep sigmoid network does not learn at all in 8 epochs: the loss stays within
// 0.05 nats of $\ln 10 \approx 2.30$, chance level. With it, the same network, initialization and optimizer reach a
// training loss of about 0.2. The probe shows why:

// %%
const epochsAxis = Array.from({ length: 9 }, (_, e) => e);
d.plot.lines({
  title: "Input of hidden unit 4 in layer 6 over the 360 test digits: 5%, 50%, 95% quantiles",
  xTitle: "epoch (0 = initialization)",
  yTitle: "pre-activation value",
  series: bnRuns.flatMap((r, k) =>
    ["5%", "median", "95%"].map((q, j) => ({
      name: `${r.name}, ${q}`,
      x: epochsAxis,
      y: r.unit.map((qs) => qs[j]),
      color: d.plot.palette[k],
      dash: j === 1 ? ("solid" as const) : ("dot" as const),
    })),
  ),
});

// %% [markdown]
// Without normalization the three quantiles lie on top of each other: after six layers of small random
// weights every digit produces nearly the same input to this unit (a 5%–95% spread of the order of $10^{-5}$), so the
// gradient carries almost no information about which digit was shown. Batch normalization rescales the unit's
// input to spread over 2 to 4 units (5% to 95%) from the first epoch on (at epoch 0 the running statistics
// are still at their initial values), and keeps it there while the layers below change.

// %%
const spread = (r: (typeof bnRuns)[number]) => r.unit[r.unit.length - 1][2] - r.unit[r.unit.length - 1][0];
console.log(bnRuns.map((r) => `${r.name}: 5%–95% spread after 8 epochs ${spread(r).toExponential(2)}, test accuracy ${(100 * r.history.test.accuracy).toFixed(1)}%`).join("\n"));
const [probeWithoutBn, probeWithBn] = bnRuns;
d.check.claim("without batch norm the loss stays at ln 10 (largest |loss − ln 10| over the 8 epochs)", { value: Math.max(...probeWithoutBn.history.trainLoss.map((l) => Math.abs(l - Math.log(10)))), atMost: 0.05 });
d.check.claim("with batch norm: training loss after 8 epochs about 0.2", { value: probeWithBn.history.trainLoss[7], between: [0.1, 0.35] });
d.check.claim("without batch norm: 5%–95% spread of the unit's input of the order of 1e-5", { value: Math.max(...probeWithoutBn.unit.map((q) => q[2] - q[0])), between: [1e-6, 1e-4] });
d.check.claim("with batch norm: spread of 2 to 4 units from epoch 1 on (smallest over epochs 1–8)", { value: Math.min(...probeWithBn.unit.slice(1).map((q) => q[2] - q[0])), atLeast: 2 });
d.check.claim("with batch norm: spread of 2 to 4 units from epoch 1 on (largest over epochs 1–8)", { value: Math.max(...probeWithBn.unit.slice(1).map((q) => q[2] - q[0])), atMost: 4.5 });

// %% [markdown]
// **Ioffe & Szegedy's Figure 1 on Fashion-MNIST** (heavy cell, tfjs). Their experiment, on real images and
// deeper: the same MLP with six hidden ReLU layers of 100 units, trained with and without batch normalization
// (SGD, lr 0.05, momentum 0.9, minibatches of 60, the same seed and data), the test accuracy measured as
// training goes, and what the last hidden layer's first unit receives (its nonlinearity's input, inference mode)
// summarized by its 15th, 50th and 85th percentiles over test images. Size **small** (wasm, cpu): the first
// 12,000 training images, 500 steps per network, measurements every 25 steps on 2,000 test images (1,000 for
// the percentiles); **full** (webgl, webgpu): all 60,000 images, 5,000 steps, 10,000 test images.

// %%
const fashion = await d.data.loadFashionMnist();
const heavySize = d.lab.workSize();
const driftOptions = d.lab.batchNormDriftSizes[heavySize];
console.log(d.lab.workLine("Batch normalization", heavySize, `MLP 784→(100 ReLU)×6→10, ${driftOptions.nTrain} training images, ${driftOptions.steps} steps per network, ${driftOptions.nTest} test images`));
const drift = await d.lab.batchNormDrift(fashion, driftOptions);
const [plainRun, bnRun] = drift.runs;
console.log(drift.runs.map((r) => `${r.batchNorm ? "with" : "without"} BN: test accuracy ${(100 * r.testAccuracy[r.testAccuracy.length - 1]).toFixed(1)}% after ${driftOptions.steps} steps, ${drift.target * 100}% first reached at step ${r.stepsToTarget ?? "— (not reached)"}, ${r.seconds.toFixed(1)} s`).join("\n"));
d.plot.lines({
  title: "Fashion-MNIST, MLP 784→(100 ReLU)×6→10, SGD + momentum: test accuracy",
  xTitle: "SGD step",
  yTitle: "test accuracy (fraction)",
  series: [
    { name: "without batch normalization", x: drift.step, y: plainRun.testAccuracy, mode: "lines+markers" },
    { name: "with batch normalization", x: drift.step, y: bnRun.testAccuracy, mode: "lines+markers" },
    { name: `target ${drift.target}`, x: [0, driftOptions.steps], y: [drift.target, drift.target], dash: "dot", color: "#999999" },
  ],
});

// %% [markdown]
// Batch normalization reaches the target accuracy at least three times sooner: the plain network first sits
// near chance (10 %) while its deep stack of small random layers passes almost nothing through, then
// learns, but is still below the batch-normalized one at the last step. The unit's input shows what changes
// underneath (Ioffe & Szegedy's "internal covariate shift"):

// %%
d.plot.lines({
  title: "Input of unit 1 of hidden layer 6 over test images: 15th, 50th, 85th percentiles",
  xTitle: "SGD step",
  yTitle: "pre-activation value",
  series: drift.runs.flatMap((r, k) =>
    ["15th", "50th", "85th"].map((q, j) => ({
      name: `${r.batchNorm ? "with" : "without"} BN, ${q} percentile`,
      x: drift.step,
      y: [r.p15, r.p50, r.p85][j],
      color: d.plot.palette[k],
      dash: j === 1 ? ("solid" as const) : ("dot" as const),
    })),
  ),
});

// %% [markdown]
// Without normalization the three percentiles start on top of each other (every image gives the unit the same
// input) and then swing as the layers below change: the median moves by more than twice as much over training
// as with batch normalization, whose unit input stays centred with a steady spread from the first
// measurement on.

// %%
const plainSteps = plainRun.stepsToTarget ?? driftOptions.steps;
d.check.claim(`steps to ${drift.target * 100}% test accuracy, without BN (or all ${driftOptions.steps} if never) over with BN`, { value: plainSteps / bnRun.stepsToTarget, atLeast: 3 });
d.check.claim("test accuracy of the plain network after its first measurement (chance 0.1)", { value: plainRun.testAccuracy[1], below: 0.2 });
d.check.claim("final test accuracy: with BN minus without", { value: bnRun.testAccuracy[bnRun.testAccuracy.length - 1] - plainRun.testAccuracy[plainRun.testAccuracy.length - 1], above: 0 });
d.check.claim("spread p85 − p15 of the plain network's unit at step 0", { value: plainRun.p85[0] - plainRun.p15[0], below: 0.05 });
const medianRange = (r: typeof plainRun) => Math.max(...r.p50.slice(1)) - Math.min(...r.p50.slice(1));
d.check.claim("range of the median over training: without BN over with BN", { value: medianRange(plainRun) / medianRange(bnRun), above: 2 });

// %% [markdown]
// **Layer, group and weight normalization.** Batch normalization standardizes each unit *over the minibatch*, so
// one example's output depends on which other examples share its batch, and small batches make the statistics
// noisy (in the extreme, a batch of 2 maps every unit to $\pm1$). Its successors normalize over other axes:
//
// - **layer normalization** (Ba, Kiros & Hinton 2016): each example over its own units (`d.norm.layerNorm`);
// - **group normalization** (Wu & He 2018): each example over groups of channels (`d.norm.groupNorm`; one group is
//   layer norm, one channel per group is instance norm);
// - **weight normalization** (Salimans & Kingma 2016): not the activations but each unit's weight vector,
//   $w = g\, v/\lVert v\rVert$ (`d.norm.weightNorm`), which separates the length of $w$ from its direction.
//
// One example $x^*$ with 8 units is normalized inside 20 different minibatches of random partners (seeded),
// of size 2 and of size 32; we measure how much its normalized output moves from batch to batch.

// %%
const normRng = d.rng(5);
const units = 8;
const drawRow = () => Array.from({ length: units }, (_, j) => 2 * normRng.normal() + j - 3);
const probeRow = drawRow();
const batchesWith = (size: number) => Array.from({ length: 20 }, () => [probeRow, ...Array.from({ length: size - 1 }, drawRow)]);
// Largest standard deviation, over the 8 units, of x*'s normalized output across the 20 batches.
const spreadAcross = (outputs: number[][]) =>
  Math.max(...probeRow.map((_, j) => {
    const col = outputs.map((row) => row[j]);
    const mean = col.reduce((a, b) => a + b, 0) / col.length;
    return Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
  }));
const normalizers: [string, (batch: number[][]) => number[]][] = [
  ["batch norm", (batch) => d.norm.batchNorm({ X: batch, training: true }).Y[0]],
  ["layer norm", (batch) => d.norm.layerNorm({ X: batch }).Y[0]],
  ["group norm (2 groups of 4)", (batch) => d.norm.groupNorm({ X: batch, numGroups: 2 }).Y[0]],
];
const normSpreads = [2, 32].map((size) => {
  const batches = batchesWith(size);
  return normalizers.map(([name, apply]) => ({ name, size, spread: spreadAcross(batches.map(apply)), outputs: batches.map(apply) }));
});
d.plot.bar({
  title: "How much one example's normalized output changes with its minibatch partners (20 batches)",
  categories: normalizers.map(([name]) => name),
  series: normSpreads.map((row) => ({ name: `batch size ${row[0].size}`, values: row.map((r) => Math.max(r.spread, 1e-17)) })),
  xTitle: "normalization",
  yTitle: "largest std over units of x*'s output (log scale)",
  logY: true,
}).show();
// Weight normalization: scaling the direction parameter v changes nothing, w = g·v/‖v‖.
const direction = Array.from({ length: units }, () => normRng.normal());
const unitOutput = (v: number[]) => d.norm.weightNorm({ v, g: 1.5 }).w.reduce((s, w, j) => s + w * probeRow[j], 0);
console.log(`weight norm: unit output ${unitOutput(direction).toFixed(6)} with v, ${unitOutput(direction.map((v) => 10 * v)).toFixed(6)} with 10·v`);

// %% [markdown]
// With batch norm, $x^*$'s output depends on its partners — at batch size 2 each unit becomes $\pm 1$ (the sign of
// its difference to the one partner; only when the two values nearly coincide does the $\epsilon$ under the root
// pull it toward 0), and even at 32 it moves by about a quarter of a standard deviation from batch to batch. Layer
// and group norm give the same output in every batch (to rounding error, $10^{-15}$), which is why they are used where
// batches are small or examples are processed one at a time (sequence models, detection, inference). Weight
// normalization fixes the scale of each unit's weights instead: rescaling $v$ leaves the output unchanged, so
// gradient steps move only the direction, with $g$ learning the length.

// %%
const spreadOf = (size: number, prefix: string) => normSpreads[size === 2 ? 0 : 1].find((r) => r.name.startsWith(prefix))!;
d.check.claim("batch norm, batch size 2: outputs are ±1 (share within 0.01 of ±1)", { value: spreadOf(2, "batch").outputs.flat().filter((v) => Math.abs(Math.abs(v) - 1) <= 0.01).length / (20 * units), atLeast: 0.9 });
d.check.claim("batch norm, batch size 32: x*'s output moves by about a quarter of a std", { value: spreadOf(32, "batch").spread, approx: 0.25, rel: 0.2 });
d.check.claim("batch norm: a smaller batch moves x*'s output more (spread at 2 over spread at 32)", { value: spreadOf(2, "batch").spread / spreadOf(32, "batch").spread, above: 3 });
for (const size of [2, 32]) {
  d.check.claim(`layer norm, batch size ${size}: the same output in every batch (to rounding)`, { value: spreadOf(size, "layer").spread, atMost: 1e-14 });
  d.check.claim(`group norm, batch size ${size}: the same output in every batch (to rounding)`, { value: spreadOf(size, "group").spread, atMost: 1e-14 });
}
d.check.claim("weight norm: rescaling v by 10 leaves the unit's output unchanged", { value: unitOutput(direction.map((v) => 10 * v)) / unitOutput(direction), approx: 1, rel: 1e-12 });

// %% [markdown]
// **Exercise 8.7.1 — batch normalization forward (eqs. 8.35–8.37).** For a minibatch `X` (rows = examples,
// columns = units) return $\gamma_j \frac{X_{ij} - \mu_j}{\sqrt{\sigma_j^2 + \epsilon}} + \beta_j$ with $\mu_j$, $\sigma^2_j$
// the mean and the *biased* variance (divide by $m$) of column $j$.

// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.7-1-batchnorm", "schema_version": 3}}
function batchNormForward(X: number[][], gamma: number[], beta: number[], eps: number): number[][] {
  // BEGIN SOLUTION
  const m = X.length;
  const mean = gamma.map((_, j) => X.reduce((s, row) => s + row[j], 0) / m);
  const variance = gamma.map((_, j) => X.reduce((s, row) => s + (row[j] - mean[j]) ** 2, 0) / m);
  return X.map((row) => row.map((v, j) => (gamma[j] * (v - mean[j])) / Math.sqrt(variance[j] + eps) + beta[j]));
  // END SOLUTION
}

// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.7-1-batchnorm-check", "points": 2, "schema_version": 3}}
d.check.batchNormForward(batchNormForward);
// BEGIN HIDDEN TESTS
d.check.batchNormForward(batchNormForward, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## 8.7.2 Coordinate descent
//
// Coordinate descent minimizes over one variable (or one block) at a time, holding the others fixed. On a
// quadratic $\tfrac12\theta^\top A\theta - b^\top\theta$ each update is exact and cheap:
// $\theta_i \leftarrow (b_i - \sum_{j\ne i} A_{ij}\theta_j)/A_{ii}$. It works well when the variables are
// nearly independent and badly when they interact. The book's example is
// $f(x) = (x_1 - x_2)^2 + \alpha(x_1^2 + x_2^2)$: for small $\alpha$ the two variables are strongly coupled.

// %%
const coupledQuadratic = (alpha: number) => [[2 + 2 * alpha, -2], [-2, 2 + 2 * alpha]];
const cdStart = [1.8, 0.3];
const cdLoose = d.lab.coordinateDescent(coupledQuadratic(1), [0, 0], cdStart, 6);
const cdTight = d.lab.coordinateDescent(coupledQuadratic(0.05), [0, 0], cdStart, 6);
const tightObjective = d.problems.quadratic({ A: coupledQuadratic(0.05), b: [0, 0] });
d.plot.contour({
  title: "Coordinate descent on f = (x₁ − x₂)² + α(x₁² + x₂²), 6 sweeps from (1.8, 0.3); contours for α = 0.05",
  f: (x, y) => tightObjective.f(Float64Array.of(x, y)),
  xRange: [-0.5, 2],
  yRange: [-0.5, 2],
  xTitle: "x₁",
  yTitle: "x₂",
  paths: [
    { name: "coordinate descent, α = 1 (weak coupling)", points: cdLoose },
    { name: "coordinate descent, α = 0.05 (strong coupling)", points: cdTight },
  ],
  marks: [{ name: "minimum (0, 0)", x: 0, y: 0 }],
});

// %% [markdown]
// Each move is axis-parallel, so the path is a staircase. With $\alpha = 1$ it reaches the minimum in a few
// sweeps; with $\alpha = 0.05$ the staircase inside the narrow diagonal valley has tiny steps. The loss per
// sweep for several $\alpha$ makes the rate visible:

// %%
const alphas = [1, 0.3, 0.05, 0.01];
d.plot.lines({
  title: "Coordinate descent: f after each sweep on f = (x₁ − x₂)² + α(x₁² + x₂²)",
  xTitle: "sweep (2 coordinate updates)",
  yTitle: "f(x) (log scale)",
  logY: true,
  series: alphas.map((alpha) => {
    const obj = d.problems.quadratic({ A: coupledQuadratic(alpha), b: [0, 0] });
    const path = d.lab.coordinateDescent(coupledQuadratic(alpha), [0, 0], cdStart, 40);
    return { name: `α = ${alpha}`, y: path.filter((_, k) => k % 2 === 0).map((p) => Math.max(obj.f(Float64Array.from(p)), 1e-300)) };
  }),
});

// %% [markdown]
// Each sweep multiplies $f$ by $1/(1+\alpha)^4$ here: fast for $\alpha = 1$, and for $\alpha = 0.01$ about 4% per
// sweep.

// %%
for (const alpha of alphas) {
  const obj = d.problems.quadratic({ A: coupledQuadratic(alpha), b: [0, 0] });
  const path = d.lab.coordinateDescent(coupledQuadratic(alpha), [0, 0], cdStart, 6);
  const fAt = (k: number) => obj.f(Float64Array.from(path[k]));
  // From sweep 1 on (the first half-sweep lands on the line where the rate holds).
  d.check.claim(`α = ${alpha}: f shrinks by (1 + α)⁻⁴ per sweep (sweep 2 → 3)`, { value: fAt(6) / fAt(4), approx: (1 + alpha) ** -4, rel: 1e-6 });
}

// %% [markdown]
// Coordinate descent is the right tool when the coupling is weak or when a block of variables has a
// closed-form minimizer, as in sparse coding.
//
// **Block coordinate descent on sparse coding.** $J(H, W) = \tfrac12\|X - HW\|_F^2 + \lambda\|H\|_1 + \tfrac\mu2 \|W\|_F^2$
// is not convex in $(H, W)$ jointly but is convex in each block: in the codes $H$ it is a lasso (solved here by 20
// proximal-gradient steps), in the dictionary $W$ a ridge least-squares problem with a closed-form solution. Data:
// 120 signals of length 16, each a random multiple of one of 4 hidden atoms plus noise (seed 0).

// %%
const codeRng = d.rng(0);
const hiddenAtoms = Array.from({ length: 4 }, () => Array.from({ length: 16 }, () => codeRng.normal()));
const signals = Array.from({ length: 120 }, () => {
  const k = codeRng.int(4);
  const scale = 0.5 + codeRng();
  return hiddenAtoms[k].map((v) => scale * v + 0.05 * codeRng.normal());
});
const coding = d.lab.sparseCodingAlternating(signals, { atoms: 4, lambda: 1, mu: 5, rounds: 25, seed: 1 });
d.plot.lines({
  title: "Sparse coding by alternating minimization: J after each block step (λ = 1, μ = 5, 4 atoms)",
  xTitle: "block step (odd: codes H, even: dictionary W)",
  yTitle: "J(H, W) (log scale)",
  logY: true,
  series: [
    { name: "after an H-step (ISTA, 20 iterations)", x: coding.block.map((_, k) => k).filter((k) => coding.block[k] === "H"), y: coding.objective.filter((_, k) => coding.block[k] === "H"), mode: "markers" },
    { name: "after a W-step (exact ridge least squares)", x: coding.block.map((_, k) => k).filter((k) => coding.block[k] === "W"), y: coding.objective.filter((_, k) => coding.block[k] === "W"), mode: "markers" },
    { name: "J over all block steps", y: coding.objective.map((v) => v), dash: "dot", color: "#999999" },
  ],
});

// %% [markdown]
// Every block step lowers $J$ (each solves, or improves, a convex subproblem), and most of the progress is made
// in the first few rounds. The codes come out as sparse as the data were made: each signal is explained by a
// single atom. Nothing guarantees the global minimum of the joint non-convex problem in general (the penalty
// $\mu\|W\|^2$ is what stops the solution from shrinking $H$ and inflating $W$ without bound).

// %%
const nonZero = coding.H.flat().filter((v) => Math.abs(v) > 1e-9).length;
const oneAtom = coding.H.filter((row) => row.filter((v) => Math.abs(v) > 1e-9).length === 1).length;
console.log(`J: ${coding.objective[0].toFixed(1)} → ${coding.objective[coding.objective.length - 1].toFixed(2)}; non-zero codes: ${nonZero} of ${coding.H.flat().length}; signals using exactly one atom: ${oneAtom} of ${coding.H.length}`);
d.check.claim("every block step lowers J (largest increase)", { value: Math.max(...coding.objective.slice(1).map((v, k) => v - coding.objective[k])), atMost: 0 });
d.check.claim("each signal is explained by a single atom", { value: oneAtom, approx: coding.H.length, abs: 0 });
const totalDecrease = coding.objective[0] - coding.objective[coding.objective.length - 1];
d.check.claim("most of the progress in the first few rounds (share of the total decrease after 3 rounds = 6 block steps)", { value: (coding.objective[0] - coding.objective[6]) / totalDecrease, atLeast: 0.8 });

// %% [markdown]
// **Exercise 8.7.2 — one coordinate-descent update.** For $f(x) = \tfrac12 x^\top A x - b^\top x$ with $A$
// symmetric positive definite, return a copy of `x` in which coordinate `i` is replaced by its exact minimizer
// (all other coordinates unchanged).

// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.7-2-coordinate", "schema_version": 3}}
function coordinateDescentStep(A: number[][], b: number[], x: number[], i: number): number[] {
  // BEGIN SOLUTION
  let r = b[i];
  for (let j = 0; j < x.length; j++) if (j !== i) r -= A[i][j] * x[j];
  const next = x.slice();
  next[i] = r / A[i][i];
  return next;
  // END SOLUTION
}

// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.7-2-coordinate-check", "points": 2, "schema_version": 3}}
d.check.coordinateDescentStep(coordinateDescentStep);
// BEGIN HIDDEN TESTS
d.check.coordinateDescentStep(coordinateDescentStep, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## 8.7.3 Polyak averaging
//
// Polyak averaging (Polyak & Juditsky, 1992) reports the average $\hat\theta_t = \frac1t\sum_{i\le t}\theta_i$ of the
// iterates instead of the last one. When the optimizer bounces between the walls of a valley without making
// progress along it, the average sits near the valley floor. For non-convex problems the book recommends an
// exponential moving average $\hat\theta \leftarrow \alpha\hat\theta + (1-\alpha)\theta$, which forgets the early
// iterates from far away. Gradient descent with $\epsilon = 0.0195$ on $\tfrac12\theta^\top\mathrm{diag}(1, 100)\theta$ (just
// below the stability limit $2/100$) plus Gaussian gradient noise (seeded):

// %%
const valley = d.problems.quadratic({ A: [[1, 0], [0, 100]], b: [0, 0] });
const valleyStart = [-2, 0.5];
const noisy = () => d.gradientNoise({ eta: 0.5, gamma: 0, seed: 3 });
const noisyGdRun = d.run(d.chain(d.book.sgd({ epsilon: 0.0195 }), noisy(), d.polyakAveraging()), valley, { x0: valleyStart, steps: 400 });
const emaRun = d.run(d.chain(d.book.sgd({ epsilon: 0.0195 }), noisy(), d.emaAveraging({ decay: 0.95 })), valley, { x0: valleyStart, steps: 400 });
d.plot.contour({
  title: "GD (ε = 0.0195) with gradient noise on ½θᵀdiag(1, 100)θ: iterates vs their averages, 400 steps",
  f: (x, y) => valley.f(Float64Array.of(x, y)),
  xRange: [-2.2, 0.6],
  yRange: [-0.6, 0.6],
  paths: [
    { name: "iterates θ_t (GD + noise)", points: noisyGdRun.params },
    { name: "Polyak average (1/t) Σ θ_i", points: noisyGdRun.averaged! },
    { name: "exponential moving average (α = 0.95)", points: emaRun.averaged! },
  ],
  marks: [{ name: "minimum 0", x: 0, y: 0 }],
});

// %% [markdown]
// The iterates bounce across the narrow direction for all 400 steps; both averages run smoothly down the
// middle of the valley. The distance to the minimum per step, on a log scale:

// %%
const dist = (ps: ArrayLike<number>[]) => ps.map((p) => Math.hypot(p[0], p[1]));
d.plot.lines({
  title: "Distance to the minimum: iterate vs averages (same noisy run)",
  xTitle: "step t",
  yTitle: "‖θ − θ*‖ (log scale)",
  logY: true,
  series: [
    { name: "iterate θ_t", y: dist(noisyGdRun.params) },
    { name: "Polyak average", y: dist(noisyGdRun.averaged!) },
    { name: "EMA (α = 0.95)", y: dist(emaRun.averaged!) },
  ],
});

// %% [markdown]
// The EMA follows the iterate's progress along the valley while averaging out the bouncing: after about 200
// steps it is closer to the minimum than the iterate most of the time. The plain Polyak average still remembers
// the starting point at $(-2, 0.5)$ and lags far behind, which is why the book recommends the moving average for
// runs that start far from the solution (Polyak's average is meant for the final, noise-dominated phase).

// %%
const lastIndex = noisyGdRun.params.length - 1;
console.log(
  `after 400 steps: ‖θ‖ = ${dist([noisyGdRun.params[lastIndex]])[0].toExponential(2)}, Polyak ${dist([noisyGdRun.averaged![lastIndex]])[0].toExponential(2)}, EMA ${dist([emaRun.averaged![lastIndex]])[0].toExponential(2)}`,
);
const iterateDistance = dist(noisyGdRun.params);
const emaDistance = dist(emaRun.averaged!);
const polyakDistance = dist(noisyGdRun.averaged!);
const emaCloser = iterateDistance.slice(200).filter((v, k) => emaDistance[200 + k] < v).length / (iterateDistance.length - 200);
d.check.claim("after 200 steps the EMA is closer than the iterate most of the time (fraction of steps)", { value: emaCloser, above: 0.5 });
d.check.claim("the Polyak average lags far behind (its distance over the EMA's after 400 steps)", { value: polyakDistance[lastIndex] / emaDistance[lastIndex], above: 5 });

// %% [markdown]
// **Exercise 8.7.3 — the exponential moving average.** Return $\alpha\,\hat\theta + (1-\alpha)\,\theta$
// (a new array; `average` and `theta` must stay unchanged).

// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.7-3-ema", "schema_version": 3}}
function polyakEma(average: number[], theta: number[], alpha: number): number[] {
  // BEGIN SOLUTION
  return average.map((a, i) => alpha * a + (1 - alpha) * theta[i]);
  // END SOLUTION
}

// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.7-3-ema-check", "points": 1, "schema_version": 3}}
d.check.polyakEma(polyakEma);
// BEGIN HIDDEN TESTS
d.check.polyakEma(polyakEma, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## 8.7.4 Supervised pretraining
//
// When a deep model is hard to train directly, train simpler models first. *Greedy supervised pretraining*
// (Bengio et al., 2007) trains a network with one hidden layer, then freezes that layer, puts a new hidden layer
// and a new output layer on top and trains those, and so on; a final *fine-tuning* pass trains everything
// together. We compare it with end-to-end training of the same 4-hidden-layer sigmoid network (64 → 32×4 → 10)
// for the same total number of epochs (4 stages × 3 + 4 fine-tuning = 16), SGD with momentum (lr 0.1, α 0.9).

// %%
const pretrainStart = Date.now();
const sgdMomentum = () => d.tf.optim.sgd({ lr: 0.1, momentum: 0.9 });
const greedy = await d.lab.greedySupervisedPretraining(digits, { widths: [32, 32, 32, 32], activation: "sigmoid", epochsPerStage: 3, finetuneEpochs: 4, optimizer: sgdMomentum, seed: 0 });
const endToEndModel = d.train.mlp({ sizes: [digits.nFeatures, 32, 32, 32, 32, digits.nClasses], activation: "sigmoid", seed: 0 });
const endToEnd = await d.train.fit(endToEndModel, digits, { optimizer: sgdMomentum(), epochs: 16, batchSize: 32, seed: 0, monitorTest: true });
greedy.model.dispose();
endToEndModel.dispose();
console.log(`greedy (4 stages + fine-tuning) and end-to-end, 16 epochs each, on the ${backend.backend} backend in ${((Date.now() - pretrainStart) / 1000).toFixed(1)} s`);

// %% [markdown]
// Test accuracy per epoch; the vertical dotted lines separate the stages of the greedy run:

// %%
const greedyAccuracy = greedy.stages.flatMap((h) => h.testAccuracy);
d.plot.lines({
  title: "Digits, sigmoid MLP 64→32×4→10: greedy supervised pretraining vs end-to-end (SGD, lr 0.1, α 0.9)",
  xTitle: "epoch (all stages counted)",
  yTitle: "test accuracy",
  yRange: [0, 1],
  series: [
    { name: "greedy layer-wise (stages of 3 epochs, then 4 fine-tuning)", x: greedyAccuracy.map((_, k) => k + 1), y: greedyAccuracy, mode: "lines+markers" },
    { name: "end-to-end", x: endToEnd.epoch, y: endToEnd.testAccuracy, mode: "lines+markers" },
    ...[3.5, 6.5, 9.5, 12.5].map((x, k) => ({ name: k === 3 ? "fine-tuning starts" : `stage ${k + 2} starts`, x: [x, x], y: [0, 1], dash: "dot" as const, color: "#aaaaaa", width: 1 })),
  ],
});

// %% [markdown]
// End-to-end training of the 4-layer sigmoid network with this initialization stays at chance (10%) for all 16
// epochs, for the reason the batch-normalization probe showed. The greedy run learns from the first stage (a
// one-hidden-layer network is easy to train); each new stage starts lower because its output layer is new, then
// recovers, and fine-tuning ends well above the end-to-end run. Pretraining helps here by giving every layer a
// useful starting point; better initialization (8.4), batch normalization or ReLUs (next section) solve the
// same problem more cheaply, which is why greedy pretraining is now rare.

// %%
console.log(`final test accuracy: greedy + fine-tuning ${(100 * greedyAccuracy[greedyAccuracy.length - 1]).toFixed(1)}%, end-to-end ${(100 * endToEnd.testAccuracy[endToEnd.testAccuracy.length - 1]).toFixed(1)}%`);
d.check.claim("end-to-end stays at chance for all 16 epochs (largest test accuracy)", { value: Math.max(...endToEnd.testAccuracy), atMost: 0.15 });
d.check.claim("the greedy run learns in its first stage (test accuracy after 3 epochs)", { value: greedyAccuracy[2], above: 0.5 });
d.check.claim("fine-tuning ends well above end-to-end (difference in final test accuracy)", { value: greedyAccuracy[greedyAccuracy.length - 1] - endToEnd.testAccuracy[endToEnd.testAccuracy.length - 1], above: 0.5 });

// %% [markdown]
// **Exercise 8.7.4 — a new output layer on frozen features.** Each stage of greedy pretraining trains a new top
// layer on features $H$ ($m$ examples × $k$ features) that stay fixed. With a squared loss and weight decay,
// $\tfrac12\lVert HW - Y\rVert_F^2 + \tfrac\lambda2\lVert W\rVert_F^2$, that subproblem is convex and has a closed form:
// return $W = (H^\top H + \lambda I)^{-1} H^\top Y$ ($k \times c$ for targets $Y$ of $c$ columns). Solve, do not invert.

// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.7-4-ridge-layer", "schema_version": 3}}
function ridgeOutputLayer(H: number[][], Y: number[][], lambda: number): number[][] {
  // BEGIN SOLUTION
  const k = H[0].length;
  const gram = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => H.reduce((s, row) => s + row[i] * row[j], 0) + (i === j ? lambda : 0)));
  const solveColumn = (rhs: number[]) => {
    const M = gram.map((row, i) => [...row, rhs[i]]);
    for (let c = 0; c < k; c++) {
      let p = c;
      for (let r = c + 1; r < k; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
      [M[c], M[p]] = [M[p], M[c]];
      for (let r = c + 1; r < k; r++) {
        const f = M[r][c] / M[c][c];
        for (let t = c; t <= k; t++) M[r][t] -= f * M[c][t];
      }
    }
    const x = new Array<number>(k).fill(0);
    for (let r = k - 1; r >= 0; r--) {
      let acc = M[r][k];
      for (let t = r + 1; t < k; t++) acc -= M[r][t] * x[t];
      x[r] = acc / M[r][r];
    }
    return x;
  };
  const columns = Y[0].map((_, c) => solveColumn(Array.from({ length: k }, (_, i) => H.reduce((s, row, n) => s + row[i] * Y[n][c], 0))));
  return Array.from({ length: k }, (_, i) => columns.map((col) => col[i]));
  // END SOLUTION
}

// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.7-4-ridge-layer-check", "points": 2, "schema_version": 3}}
d.check.ridgeOutputLayer(ridgeOutputLayer);
// BEGIN HIDDEN TESTS
d.check.ridgeOutputLayer(ridgeOutputLayer, { hidden: true });
// END HIDDEN TESTS


// %% [markdown]
// ## 8.7.5 Designing models to aid optimization
//
// "It is more important to choose a model family that is easy to optimize than to use a powerful optimization
// algorithm." Modern networks use linear pieces (ReLU) and skip connections so that gradients pass through many
// layers. We measure the gradient norm $\|\partial L/\partial W_l\|_F$ of each layer of a 20-layer network
// (width 32, squared-error loss to a random target, batch 16, float64 with a hand-written backward pass) for
// sigmoid units (gain 1), ReLU units with He initialization (gain $\sqrt2$), and residual blocks
// $h_l = h_{l-1} + W_l\,\mathrm{relu}(h_{l-1})$ with branch gain $\sqrt{2/20}$.

// %%
const flows = (["sigmoid", "relu", "residual"] as const).map((architecture) => ({
  architecture,
  norms: d.lab.gradientFlow({ architecture, depth: 20, width: 32, batch: 16, seed: 0 }).weightGradNorms,
}));
const flowNames = { sigmoid: "sigmoid, plain", relu: "ReLU, plain (He init)", residual: "ReLU, residual blocks" };
d.plot.lines({
  title: "Gradient norm per layer at initialization, 20-layer networks of width 32",
  xTitle: "layer l (1 = next to the input)",
  yTitle: "‖∂L/∂W_l‖_F (log scale)",
  logY: true,
  series: flows.map((f) => ({ name: flowNames[f.architecture], x: f.norms.map((_, l) => l + 1), y: f.norms, mode: "lines+markers" as const })),
});

// %% [markdown]
// In the sigmoid network the gradient shrinks by a factor of about 4 per layer going down (the sigmoid's slope is
// at most 1/4), so the first layer's gradient is $10^{12}$ times smaller than the last one's: those layers do not
// learn. ReLU with He initialization keeps the norms within a factor of about 3 across all 20 layers, and the
// residual network, whose identity paths carry the gradient unchanged, is the flattest.

// %%
for (const f of flows) console.log(`${flowNames[f.architecture].padEnd(24)} ‖∂L/∂W₁‖/‖∂L/∂W₂₀‖ = ${(f.norms[0] / f.norms[19]).toExponential(2)}`);
const flowOf = (a: string) => flows.find((f) => f.architecture === a)!.norms;
const rangeOf = (norms: number[]) => Math.max(...norms) / Math.min(...norms);
d.check.claim("sigmoid: the gradient shrinks by about 4 per layer going down (geometric mean, layers 20 → 1)", { value: Math.pow(flowOf("sigmoid")[19] / flowOf("sigmoid")[0], 1 / 19), approx: 4, rel: 0.15 });
d.check.claim("sigmoid: the last layer's gradient over the first's (about 1e12)", { value: flowOf("sigmoid")[19] / flowOf("sigmoid")[0], between: [1e11, 1e13] });
d.check.claim("ReLU + He: norms within a factor of about 3 across the 20 layers", { value: rangeOf(flowOf("relu")), between: [1.5, 4] });
d.check.claim("residual: the flattest (its max/min ratio below ReLU's)", { value: rangeOf(flowOf("residual")), below: rangeOf(flowOf("relu")) });

// %% [markdown]
// **Loss landscapes with and without skip connections** (heavy cell, tfjs; Li et al. 2018). The gradient norms
// above describe one point; Li et al. look at the loss *around* a trained minimum. Take the trained weights
// $\theta^*$ and two random directions $\delta, \eta$, each rescaled neuron by neuron to the norm of the trained
// weights into that neuron ("filter normalization", so that the picture does not depend on the weights' scale;
// biases get no direction), and evaluate $L(\theta^* + \alpha\delta + \beta\eta)$ on a grid. Two ReLU MLPs of the same
// shape, one plain and one with a skip connection around every hidden layer ($h \leftarrow h + \mathrm{relu}(hW + b)$),
// each from the initialization that trains it (He's for the plain net; PyTorch's default for the residual one,
// where He's doubles the variance at every skip), SGD with momentum (lr 0.01, α 0.9), the same seed.
// Size **small** (wasm, cpu): 10 hidden layers of 64, 600 steps of 64 on the first 10,000 training images, an
// 11 × 11 grid over $[-1, 1]^2$ with every loss on 5,000 training images; **full** (webgl, webgpu): 20 layers of
// 128, all 60,000 images, 5,000 steps, a 31 × 31 grid on 10,000 images.

// %%
const landscapeOptions = d.lab.lossLandscapeSizes[heavySize];
console.log(d.lab.workLine("Loss landscapes", heavySize, `${landscapeOptions.depth} hidden layers × ${landscapeOptions.width}, ${landscapeOptions.steps} steps on ${landscapeOptions.nTrain} images, ${landscapeOptions.gridPoints}×${landscapeOptions.gridPoints} grid, losses on ${landscapeOptions.nLoss} images`));
const landscapes = await d.lab.lossLandscapes(fashion, landscapeOptions);
const landscapeName = (l: (typeof landscapes)[number]) => (l.residual ? "with skip connections" : "plain");
for (const l of landscapes) console.log(`${landscapeName(l).padEnd(22)} (${l.initializer} init): trained loss ${l.trainedLoss.toFixed(3)} nats, grid from ${Math.min(...l.loss.flat()).toFixed(3)} to ${Math.max(...l.loss.flat()).toFixed(1)}, ${l.seconds.toFixed(1)} s`);
for (const l of landscapes) {
  d.plot.gridContour({
    title: `Fashion-MNIST loss around the trained weights, ${landscapeOptions.depth}-layer ReLU MLP, ${landscapeName(l)}`,
    x: l.alphas,
    y: l.betas,
    z: l.loss,
    xTitle: "α (direction δ)",
    yTitle: "β (direction η)",
    zTitle: "loss (nats)",
    logZ: true,
    marks: [{ name: "trained weights θ*", x: 0, y: 0 }],
  }).show();
}

// %% [markdown]
// The same slices as surfaces (drag to rotate; the colour and height are $\log_{10}$ of the loss):

// %%
for (const l of landscapes) {
  d.plot.surface({
    title: `Loss surface, ${landscapeName(l)}`,
    x: l.alphas,
    y: l.betas,
    z: l.loss,
    xTitle: "α",
    yTitle: "β",
    zTitle: "loss (nats)",
    logZ: true,
    marks: [{ name: "θ*", x: 0, y: 0, z: l.trainedLoss }],
  }).show();
}

// %% [markdown]
// Both networks reach a similar training loss, yet their neighbourhoods differ as in Li et al.'s figures: the
// plain network sits in a narrow, steep basin whose walls rise by two orders of magnitude within the square,
// while the network with skip connections sits in a wide, smooth, nearly convex bowl: its loss stays within
// 1 nat of the minimum over a larger part of the slice, and its highest point is more than ten times lower. At
// the centre each grid equals the trained loss, as it must.

// %%
const [plainLandscape, residualLandscape] = landscapes;
const centreOf = (l: typeof plainLandscape) => l.loss[(l.loss.length - 1) / 2][(l.loss.length - 1) / 2];
for (const l of landscapes) d.check.claim(`${landscapeName(l)}: grid centre equals the trained loss (difference)`, { value: Math.abs(centreOf(l) - l.trainedLoss), atMost: 1e-6 });
for (const l of landscapes) d.check.claim(`${landscapeName(l)}: trained loss (nats)`, { value: l.trainedLoss, below: 0.6 });
d.check.claim("plain: highest loss on the grid over the trained loss", { value: Math.max(...plainLandscape.loss.flat()) / plainLandscape.trainedLoss, above: 100 });
d.check.claim("radius within 1 nat of the minimum (fraction of the half-width): with skips minus plain", { value: d.lab.basinRadius(residualLandscape, 1) - d.lab.basinRadius(plainLandscape, 1), above: 0 });
d.check.claim("highest loss on the grid: plain over with skips", { value: Math.max(...plainLandscape.loss.flat()) / Math.max(...residualLandscape.loss.flat()), above: 10 });

// %% [markdown]
// **Exercise 8.7.5 — a residual stack.** Return the output of the residual network of the experiment above:
// starting from $h$, apply $h \leftarrow h + W_l\,\mathrm{relu}(h)$ for each matrix $W_l$ of `Ws` in order (no bias).

// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.7-5-residual", "schema_version": 3}}
function residualForward(h: number[], Ws: number[][][]): number[] {
  // BEGIN SOLUTION
  let x = h.slice();
  for (const W of Ws) {
    const activated = x.map((v) => Math.max(0, v));
    x = x.map((v, i) => v + W[i].reduce((s, w, j) => s + w * activated[j], 0));
  }
  return x;
  // END SOLUTION
}

// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.7-5-residual-check", "points": 1, "schema_version": 3}}
d.check.residualForward(residualForward);
// BEGIN HIDDEN TESTS
d.check.residualForward(residualForward, { hidden: true });
// END HIDDEN TESTS


// %% [markdown]
// ## 8.7.6 Continuation methods and curriculum learning
//
// **Continuation** solves a sequence of objectives $J^{(0)}, J^{(1)}, \ldots$ that become harder, each started from
// the previous solution, ending with the real one. A classic choice is blurring:
// $J^{(i)}(\theta) = \mathbb E_{\theta' \sim \mathcal N(\theta, \sigma_i^2)} J(\theta')$. Blurring a wiggly function
// removes the wiggles first. For $J(x) = 0.1(x-2)^2 - \cos 3x - 0.5\cos 7x$ the blur is exact:
// $J_\sigma(x) = 0.1((x-2)^2 + \sigma^2) - e^{-9\sigma^2/2}\cos 3x - 0.5\,e^{-49\sigma^2/2}\cos 7x$.

// %%
const wiggly = d.lab.blurredCosines({ curvature: 0.1, center: 2, amplitudes: [1, 0.5], frequencies: [3, 7] });
const sigmas = [1.5, 1, 0.6, 0.3, 0.15, 0];
const xs = Array.from({ length: 401 }, (_, i) => -5 + (10 * i) / 400);
const globalMin = xs.reduce((best, x) => (wiggly.f(x, 0) < wiggly.f(best, 0) ? x : best), xs[0]);
const tracked = d.lab.continuation(wiggly, { sigmas, x0: -4, lr: 0.02, stepsPerLevel: 300 });
const direct = d.lab.continuation(wiggly, { sigmas: [0], x0: -4, lr: 0.02, stepsPerLevel: sigmas.length * 300 });
d.plot.lines({
  title: "Continuation: blurred objectives J_σ and the minimum tracked from σ = 1.5 down to 0 (start x = −4)",
  xTitle: "x",
  yTitle: "J_σ(x)",
  height: 560,
  series: [
    ...sigmas.map((s) => ({ name: `J_σ, σ = ${s}`, x: xs, y: xs.map((x) => wiggly.f(x, s)), width: s === 0 ? 3 : 1.5 })),
    { name: "tracked minimum at the end of each level", x: tracked.ends, y: tracked.ends.map((x, k) => wiggly.f(x, sigmas[k])), mode: "markers" as const, color: "#000000" },
    { name: "plain gradient descent from x = −4 (ends here)", x: [direct.ends[0]], y: [wiggly.f(direct.ends[0], 0)], mode: "markers" as const, color: "#D55E00" },
  ],
});

// %% [markdown]
// Plain gradient descent from $x = -4$ stops in the first local minimum it meets. The most blurred objective
// ($\sigma = 1.5$) is nearly a parabola whose minimum lies near the real global basin; each sharper level starts
// inside the basin of its own minimum, and the last level (the real $J$) ends in the global minimum.

// %%
console.log(
  `global minimum (grid) x = ${globalMin.toFixed(3)}, J = ${wiggly.f(globalMin, 0).toFixed(3)}; ` +
    `continuation ends at x = ${tracked.ends[tracked.ends.length - 1].toFixed(3)}, J = ${wiggly.f(tracked.ends[tracked.ends.length - 1], 0).toFixed(3)}; ` +
    `plain GD ends at x = ${direct.ends[0].toFixed(3)}, J = ${wiggly.f(direct.ends[0], 0).toFixed(3)}`,
);
const continuationEnd = tracked.ends[tracked.ends.length - 1];
d.check.claim("continuation ends in the global minimum (distance to the grid minimizer, grid step 0.025)", { value: Math.abs(continuationEnd - globalMin), atMost: 0.025 });
d.check.claim("plain GD stops in a worse local minimum (its J minus the global J)", { value: wiggly.f(direct.ends[0], 0) - wiggly.f(globalMin, 0), above: 0.5 });
d.check.claim("plain GD stops at the first local minimum right of x = −4 (no lower J between the start and its end)", { holds: direct.ends[0] > -4 && xs.filter((x) => x > -4 && x < direct.ends[0]).every((x) => wiggly.f(x, 0) >= wiggly.f(direct.ends[0], 0) - 1e-9) });

// %% [markdown]
// **Curriculum learning** (Bengio et al., 2009) is continuation over the *data*: start with easy examples and add
// harder ones. We rank the digits by a margin that needs no network: distance to the nearest wrong class mean
// minus distance to their own class mean. The curriculum trains on the easiest 20% in epoch 1 and grows linearly
// to all examples by epoch 4 ("baby steps"); the baseline sees all examples in random order every epoch. Both:
// MLP 64 → 32 → 10 (ReLU), SGD lr 0.05, batch 32, 8 epochs, the same seed.

// %%
const curriculumStart = Date.now();
const easyFirst = d.lab.marginOrder(digits);
const curriculumModel = d.train.mlp({ sizes: [digits.nFeatures, 32, digits.nClasses], seed: 0 });
const curriculum = await d.lab.fitCurriculum(curriculumModel, digits, { order: easyFirst, optimizer: d.tf.optim.sgd({ lr: 0.05 }), epochs: 8, rampEpochs: 4, start: 0.2, seed: 0 });
const randomModel = d.train.mlp({ sizes: [digits.nFeatures, 32, digits.nClasses], seed: 0 });
const randomOrder = await d.train.fit(randomModel, digits, { optimizer: d.tf.optim.sgd({ lr: 0.05 }), epochs: 8, batchSize: 32, seed: 0, monitorTest: true });
curriculumModel.dispose();
randomModel.dispose();
console.log(`curriculum and random order, 8 epochs each, on the ${backend.backend} backend in ${((Date.now() - curriculumStart) / 1000).toFixed(1)} s`);
const cumulative = (xs: number[]) => xs.reduce<number[]>((acc, v) => [...acc, (acc[acc.length - 1] ?? 0) + v], []);

// %% [markdown]
// Since the curriculum processes fewer examples in its first epochs, we plot test accuracy against the number
// of training examples processed, not against epochs:

// %%
d.plot.lines({
  title: "Digits MLP 64→32→10, SGD (lr 0.05): curriculum (easy → hard by margin) vs random order",
  xTitle: "training examples processed (gradient contributions)",
  yTitle: "test accuracy",
  yRange: [0, 1],
  series: [
    { name: "curriculum: easiest 20% → all by epoch 4", x: cumulative(curriculum.examples), y: curriculum.testAccuracy, mode: "lines+markers" },
    { name: "random order, all examples every epoch", x: cumulative(randomOrder.epoch.map(() => digits.yTrain.length)), y: randomOrder.testAccuracy, mode: "lines+markers" },
  ],
});

// %% [markdown]
// On these digits the curriculum makes no clear difference: at an equal number of examples processed the two
// curves lie nearly on top of each other (the curriculum ends a little lower after its 8 epochs because it has
// processed fewer examples). The easy examples alone say little about the boundaries between similar digits. This matches the mixed record in the literature: curricula help most on
// tasks where the hard examples are nearly unlearnable at first (Bengio et al. 2009 on shape recognition and
// language modelling), and a *stochastic* curriculum that mixes easy and hard examples is the safer default.

// %%
console.log(`final test accuracy: curriculum ${(100 * curriculum.testAccuracy[7]).toFixed(1)}% after ${cumulative(curriculum.examples)[7]} examples, random order ${(100 * randomOrder.testAccuracy[7]).toFixed(1)}% after ${8 * digits.yTrain.length}`);
// Compare at equal examples processed: the random-order accuracy interpolated at the curriculum's counts.
const randomCounts = cumulative(randomOrder.epoch.map(() => digits.yTrain.length));
const randomAt = (n: number) => {
  const k = randomCounts.findIndex((c) => c >= n);
  if (k <= 0) return randomOrder.testAccuracy[Math.max(k, 0)];
  const t = (n - randomCounts[k - 1]) / (randomCounts[k] - randomCounts[k - 1]);
  return randomOrder.testAccuracy[k - 1] + t * (randomOrder.testAccuracy[k] - randomOrder.testAccuracy[k - 1]);
};
const curriculumCounts = cumulative(curriculum.examples);
const gaps = curriculumCounts.map((n, k) => curriculum.testAccuracy[k] - randomAt(n)).filter((_, k) => curriculumCounts[k] >= randomCounts[0]);
d.check.claim("no clear difference at equal examples processed (largest |accuracy gap|, from the first random-order epoch on)", { value: Math.max(...gaps.map(Math.abs)), atMost: 0.05 });
d.check.claim("the curriculum ends a little lower (final accuracy difference, random − curriculum)", { value: randomOrder.testAccuracy[7] - curriculum.testAccuracy[7], between: [0, 0.05] });

// %% [markdown]
// **Exercise 8.7.6 — blurring an objective.** For $J(x) = c\,(x - m)^2 - \sum_k a_k \cos(w_k x)$, return the blurred
// objective of continuation, $J_\sigma(x) = \mathbb E_{z\sim\mathcal N(0,1)} J(x + \sigma z)$, in closed form. (Hint:
// $\mathbb E[z] = 0$, $\mathbb E[z^2] = 1$ and $\mathbb E[\cos(w(x + \sigma z))] = e^{-w^2\sigma^2/2}\cos(wx)$.)

// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.7-6-blur", "schema_version": 3}}
function blurredObjective(x: number, sigma: number, curvature: number, center: number, amplitudes: number[], frequencies: number[]): number {
  // BEGIN SOLUTION
  const quadratic = curvature * ((x - center) ** 2 + sigma * sigma);
  const waves = amplitudes.reduce((s, a, k) => s + a * Math.exp(-(frequencies[k] ** 2) * sigma * sigma / 2) * Math.cos(frequencies[k] * x), 0);
  return quadratic - waves;
  // END SOLUTION
}

// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.7-6-blur-check", "points": 1, "schema_version": 3}}
d.check.blurredObjective(blurredObjective);
// BEGIN HIDDEN TESTS
d.check.blurredObjective(blurredObjective, { hidden: true });
// END HIDDEN TESTS


// %% [markdown]
// ## Further reading
//
// - S. Ioffe, C. Szegedy (2015). *Batch normalization: accelerating deep network training by reducing internal covariate shift.* ICML.
// - J. L. Ba, J. R. Kiros, G. E. Hinton (2016). *Layer normalization.* arXiv:1607.06450; T. Salimans, D. P. Kingma (2016).
//   *Weight normalization.* NeurIPS; Y. Wu, K. He (2018). *Group normalization.* ECCV. (normalizations that do not depend on the batch)
// - B. T. Polyak, A. B. Juditsky (1992). *Acceleration of stochastic approximation by averaging.* SIAM J. Control Optim. 30.
// - Y. Bengio, P. Lamblin, D. Popovici, H. Larochelle (2007). *Greedy layer-wise training of deep networks.* NeurIPS.
// - X. Glorot, Y. Bengio (2010). *Understanding the difficulty of training deep feedforward neural networks.* AISTATS.
// - K. He, X. Zhang, S. Ren, J. Sun (2015/2016). *Delving deep into rectifiers* (ICCV) and *Deep residual learning for image recognition* (CVPR).
// - A. M. Saxe, J. L. McClelland, S. Ganguli (2014). *Exact solutions to the nonlinear dynamics of learning in deep linear neural networks.* ICLR.
// - Y. Bengio, J. Louradour, R. Collobert, J. Weston (2009). *Curriculum learning.* ICML.
// - H. Mobahi, J. W. Fisher III (2015). *On the link between Gaussian homotopy continuation and convex envelopes.* EMMCVPR.
