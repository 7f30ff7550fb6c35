// %% [markdown]
// # 8.4 Parameter initialization strategies
//
// Training is iterative, so where it starts matters: a bad start can make optimization fail outright, and
// among starts that work, some lead to solutions that generalize better. Section 8.4 gives the few things
// known for certain — initial parameters must *break symmetry*, and their scale must keep signals and
// gradients alive through many layers — and the heuristics built on them.

// %%
import * as d from "./src";

// %% [markdown]
// ## Breaking symmetry
//
// Two hidden units with the same activation, connected to the same inputs, that start with the same parameters
// receive the same gradient at every step — a deterministic algorithm updates them identically forever, and the
// network effectively has one unit fewer. We train the tanh network 2 → 4 → 1 on an XOR-like problem twice:
// once from a random start, once from the same start with unit 1 made a copy of unit 0.

// %%
const r = d.rng(0);
const X = Array.from({ length: 200 }, () => [r.normal(), r.normal()]);
const y = X.map((x) => (x[0] * x[1] > 0 ? 1 : 0));
const net = d.lab.twoLayerNet({ X: X, y: y, hidden: 4 });
const initRng = d.rng(2);
const randomStart = Array.from({ length: net.dim }, () => 0.5 * initRng.normal());
// θ = [W₁ (4×2), b₁ (4), w₂ (4), b₂]: copy unit 0's incoming weights, bias and outgoing weight into unit 1.
const clonedStart = randomStart.slice();
clonedStart[2] = clonedStart[0];
clonedStart[3] = clonedStart[1];
clonedStart[9] = clonedStart[8];
clonedStart[13] = clonedStart[12];
const gdSteps = 2000;
const randomRun = d.run(d.book.sgd({ epsilon: 0.5 }), net, { x0: randomStart, steps: gdSteps });
const clonedRun = d.run(d.book.sgd({ epsilon: 0.5 }), net, { x0: clonedStart, steps: gdSteps });
const unitGap = (theta: Float64Array) => {
  const w = net.incoming(theta);
  return Math.hypot(w[0][0] - w[1][0], w[0][1] - w[1][1]);
};
const stepsAxis = Array.from({ length: gdSteps + 1 }, (_, k) => k);
console.log(`units 0 and 1 after ${gdSteps} steps: distance ${unitGap(clonedRun.params[gdSteps])} (cloned start), ${unitGap(randomRun.params[gdSteps]).toFixed(3)} (random start)`);
d.plot.lines({
  title: "Tanh net 2→4→1 on XOR-like data, gradient descent ε = 0.5",
  xTitle: "step k",
  yTitle: "training cost (nats)",
  logX: false,
  series: [
    { name: "random start (4 distinct units)", x: stepsAxis, y: randomRun.loss },
    { name: "units 0 and 1 cloned (they stay identical)", x: stepsAxis, y: clonedRun.loss },
  ],
});

// %% [markdown]
// The cloned units are still exactly equal after 2,000 steps (distance 0, printed above): the second network
// never uses its fourth unit and ends with a higher cost. Random initialization is the simplest way to break
// symmetry; orthogonal initialization (Saxe et al. 2014) breaks it by construction, since orthogonal rows differ.

// %%
d.check.claim("cloned units 0 and 1 are exactly equal after 2,000 steps", { holds: unitGap(clonedRun.params[gdSteps]) === 0 });
d.check.claim("the cloned network ends with a higher cost than the random start (ratio of final costs)", { value: clonedRun.loss[gdSteps] / randomRun.loss[gdSteps], above: 1 });

// %% [markdown]
// ## The initializers
//
// All the usual schemes draw independent weights with a scale set by the layer's fan-in $m$ and fan-out $n$:
// the book's heuristic $U(-1/\sqrt m, 1/\sqrt m)$; Glorot & Bengio's normalized initialization (eq. 8.24)
// $U\big(-\sqrt{6/(m+n)}, \sqrt{6/(m+n)}\big)$; He et al.'s $\mathcal N(0, 2/m)$ for ReLU; LeCun's $\mathcal N(0, 1/m)$;
// random orthogonal matrices; and sparse initialization (Martens 2010) with exactly $k$ non-zero weights per unit.
// Measured standard deviations of one 256 × 256 draw each, against the formulas:

// %%
const shape: [number, number] = [256, 256];
const fan = 256;
const drawn = [
  { name: "uniformBook U(±1/√m)", w: d.init.uniformBook(shape, { rng: d.rng(1) }), theory: 1 / Math.sqrt(3 * fan) },
  { name: "glorotUniform (eq. 8.24)", w: d.init.glorotUniform(shape, { rng: d.rng(2) }), theory: Math.sqrt(2 / (fan + fan)) },
  { name: "glorotNormal", w: d.init.glorotNormal(shape, { rng: d.rng(3) }), theory: Math.sqrt(2 / (fan + fan)) },
  { name: "heUniform (ReLU)", w: d.init.heUniform(shape, { rng: d.rng(4) }), theory: Math.sqrt(2 / fan) },
  { name: "heNormal (ReLU)", w: d.init.heNormal(shape, { rng: d.rng(5) }), theory: Math.sqrt(2 / fan) },
  { name: "lecunNormal", w: d.init.lecunNormal(shape, { rng: d.rng(6) }), theory: Math.sqrt(1 / fan) },
  { name: "orthogonal", w: d.init.orthogonal(shape, { rng: d.rng(7) }), theory: Math.sqrt(1 / fan) },
  { name: "sparse (16 non-zeros, std 0.01)", w: d.init.sparse(shape, { nonZeros: 16, std: 0.01, rng: d.rng(8) }), theory: 0.01 * Math.sqrt(16 / fan) },
];
const stdOf = (w: number[][]) => {
  const all = w.flat();
  const mean = all.reduce((s, v) => s + v, 0) / all.length;
  return Math.sqrt(all.reduce((s, v) => s + (v - mean) ** 2, 0) / all.length);
};
d.plot.bar({
  title: "Standard deviation of one 256×256 weight matrix per initializer",
  categories: drawn.map((x) => x.name),
  series: [
    { name: "measured std of the draw", values: drawn.map((x) => stdOf(x.w)) },
    { name: "formula", values: drawn.map((x) => x.theory) },
  ],
  xTitle: "initializer (fan-in = fan-out = 256)",
  yTitle: "weight standard deviation",
  logY: true,
});

// %% [markdown]
// Each measured bar of a dense scheme matches its formula to within 1 % (65,536 draws; orthogonal matrices exactly,
// since their rows have unit norm), and the sparse one, with only 4,096 non-zero weights, to within 2 %. The dense schemes differ by a factor of
// up to $\sqrt 6 \approx 2.4$ (He's $\sqrt{2/m}$ against the book's $1/\sqrt{3m}$), and the sparse draw with its
// standard deviation 0.01 on 16 of 256 weights is 35 times smaller than He's. A factor of 2.4 looks harmless; as the
// next experiment shows, compounded over many layers it decides whether a deep network trains at all.

// %%
const relativeErrors = drawn.map((x) => Math.abs(stdOf(x.w) / x.theory - 1));
d.check.claim("dense schemes: largest relative gap between measured std and formula", { value: Math.max(...relativeErrors.slice(0, 7)), atMost: 0.01 });
d.check.claim("sparse scheme: relative gap between measured std and formula", { value: relativeErrors[7], atMost: 0.02 });
const theoryOf = (name: string) => drawn.find((x) => x.name.startsWith(name))!.theory;
d.check.claim("He's scale over the book's U(±1/√m) scale is √6", { value: theoryOf("heNormal") / theoryOf("uniformBook"), approx: Math.sqrt(6), rel: 1e-12 });
d.check.claim("He's scale over the sparse draw's", { value: theoryOf("heNormal") / theoryOf("sparse"), approx: 35, rel: 0.02 });
//
// ## Thirty layers deep
//
// Glorot & Bengio (2010) pushed data through a deep stack of layers and watched the activations. We push a batch
// of 64 standard-normal inputs through 30 bias-free layers of 128 units and record the standard deviation of each
// layer's output, for each initializer, with tanh and with ReLU.

// %%
const depthInits = ["uniformBook", "glorotUniform", "heNormal", "lecunNormal", "orthogonal"] as const;
const depthActivations = ["tanh", "relu"] as const;
const layerAxis = Array.from({ length: 30 }, (_, l) => l + 1);
const depthStart = Date.now();
const depthRuns: d.init.DepthResult[][] = [];
for (const activation of depthActivations) {
  const runs: d.init.DepthResult[] = [];
  for (const initializer of depthInits) runs.push(await d.init.depthExperiment({ layers: 30, width: 128, batch: 64, initializer: initializer, activation: activation, seed: 0 }));
  depthRuns.push(runs);
}
console.log(`${depthInits.length * depthActivations.length} runs in ${((Date.now() - depthStart) / 1000).toFixed(1)} s (float64)`);
d.plot.slider({
  title: "Output std per layer, 30 layers × 128 units, batch 64 of N(0, 1) inputs",
  label: "activation",
  xTitle: "layer",
  yTitle: "std of the layer's output (log scale)",
  logY: true,
  steps: depthActivations.map((activation, a) => ({
    value: activation,
    series: depthInits.map((name, i) => ({ name: `${name}, ${activation}`, x: layerAxis, y: depthRuns[a][i].postStd.map((v) => Math.max(v, 1e-30)) })),
  })),
  initial: 0,
});

// %% [markdown]
// With tanh (first slider position) the book's $U(\pm 1/\sqrt m)$ (variance $1/(3m)$) shrinks the signal by a factor
// $\sqrt 3$ per layer — tanh is nearly linear for such small inputs — so after 30 layers it has all but vanished
// ($\approx 6\times10^{-8}$), while Glorot, LeCun and orthogonal (variance $1/m$) lose only a factor of about 5
// between layer 1 and layer 30 (their curves coincide) and He's larger scale holds it near 0.5. With ReLU (second
// position), which zeroes half of its inputs and so halves the second moment, only He's $\sqrt{2/m}$ keeps the scale
// constant. Glorot, LeCun and orthogonal lose a factor $\sqrt 2$ per layer, $2^{15} \approx 33{,}000$ over 30 layers
// relative to He; the book's $U(\pm 1/\sqrt m)$ loses $\sqrt 6$ per layer, about $6^{15} \approx 5\times10^{11}$.

// %%
for (const [a, activation] of depthActivations.entries()) {
  console.log(`${activation}: layer-30 std ` + depthInits.map((name, i) => `${name} ${depthRuns[a][i].postStd[29].toExponential(2)}`).join(", "));
}
// Geometric-mean factor per layer between layer 1 and layer 30.
const perLayer = (a: number, name: (typeof depthInits)[number]) => {
  const std = depthRuns[a][depthInits.indexOf(name)].postStd;
  return Math.pow(std[29] / std[0], 1 / 29);
};
const layer30 = (a: number, name: (typeof depthInits)[number]) => depthRuns[a][depthInits.indexOf(name)].postStd[29];
d.check.claim("tanh, U(±1/√m): factor lost per layer ≈ √3", { value: 1 / perLayer(0, "uniformBook"), approx: Math.sqrt(3), rel: 0.02 });
d.check.claim("tanh, U(±1/√m): layer-30 std", { value: layer30(0, "uniformBook"), below: 1e-7 });
for (const name of ["glorotUniform", "lecunNormal", "orthogonal"] as const) {
  const std = depthRuns[0][depthInits.indexOf(name)].postStd;
  d.check.claim(`tanh, ${name}: loss from layer 1 to layer 30 about 5`, { value: std[0] / std[29], approx: 5, rel: 0.1 });
}
d.check.claim("tanh, He: layer-30 std near 0.5", { value: layer30(0, "heNormal"), between: [0.45, 0.6] });
d.check.claim("ReLU, He: per-layer factor ≈ 1 (scale kept)", { value: perLayer(1, "heNormal"), approx: 1, rel: 0.01 });
for (const name of ["glorotUniform", "lecunNormal", "orthogonal"] as const) {
  d.check.claim(`ReLU, ${name}: factor lost per layer ≈ √2`, { value: 1 / perLayer(1, name), approx: Math.SQRT2, rel: 0.03 });
  d.check.claim(`ReLU, He / ${name} at layer 30 ≈ 2¹⁵ (within a factor 2)`, { value: layer30(1, "heNormal") / layer30(1, name), between: [2 ** 14, 2 ** 16] });
}
d.check.claim("ReLU, U(±1/√m): factor lost per layer ≈ √6", { value: 1 / perLayer(1, "uniformBook"), approx: Math.sqrt(6), rel: 0.03 });
d.check.claim("ReLU, He / U(±1/√m) at layer 30 ≈ 6¹⁵ ≈ 5·10¹¹ (within a factor 2)", { value: layer30(1, "heNormal") / layer30(1, "uniformBook"), between: [6 ** 15 / 2, 2 * 6 ** 15] });

// %% [markdown]
// ## Biases
//
// Biases are usually set to zero, with three exceptions the book lists: an output bias set to the marginal
// statistics of the targets ($b = \log p(y)$ for a softmax, so the untrained network already predicts the class
// frequencies); a small positive bias such as 0.1 for ReLU units so they start active; and a bias of 1 for the
// forget gate of an LSTM. For a softmax output over 10 classes with frequencies from 30 % down to 1 %, here is the
// initial cross-entropy (all weights zero, so the logits equal the bias) with both choices of output bias:

// %%
const prior = [0.3, 0.2, 0.15, 0.1, 0.08, 0.06, 0.05, 0.03, 0.02, 0.01];
const logPrior = prior.map(Math.log);
const crossEntropyWithBias = (b: number[]) => {
  const logZ = Math.log(b.reduce((s, v) => s + Math.exp(v), 0));
  return -prior.reduce((s, p, k) => s + p * (b[k] - logZ), 0);
};
const entropy = -prior.reduce((s, p) => s + p * Math.log(p), 0);
console.log(`initial cross-entropy with b = 0: ${crossEntropyWithBias(new Array(10).fill(0)).toFixed(4)} nats (= log 10 = ${Math.log(10).toFixed(4)})`);
console.log(`with b = log p(y): ${crossEntropyWithBias(logPrior).toFixed(4)} nats (= entropy of the class frequencies, ${entropy.toFixed(4)})`);
d.check.claim("b = 0 starts at log 10", { value: crossEntropyWithBias(new Array(10).fill(0)), approx: Math.log(10), rel: 1e-12 });
d.check.claim("b = log p(y) starts at the entropy of the labels", { value: crossEntropyWithBias(logPrior), approx: entropy, rel: 1e-12 });

// %% [markdown]
// The log-prior bias starts the loss at the entropy of the labels — the best any input-blind predictor can do — so
// the first epochs are not spent learning the base rates.

// %% [markdown]
// ## Training a deep, narrow network on the digits
//
// The depth experiment looks at one forward pass; what matters is whether training gets going. We train the same
// ReLU network — 64 inputs, eight hidden layers of 32 units, 10 outputs — on the digits with plain SGD, changing only
// how its weights are drawn (biases zero in every case): the book's $U(\pm 1/\sqrt m)$, Glorot's eq. 8.24, He's
// $\mathcal N(0, 2/m)$, a random orthogonal matrix, and Glorot's normal form scaled down tenfold. Same minibatch
// order, same step size, same number of epochs; the cell below is the heavy one (tfjs).

// %%
const tfBackend = await d.tf.ready();
const digits = await d.data.loadDigits({ seed: 0 });
const deepSizes = [digits.nFeatures, 32, 32, 32, 32, 32, 32, 32, 32, digits.nClasses];
// The two runs that never leave the plateau draw the same line: the dashed one lets both show.
const trainingInits: { name: string; draw: d.lab.WeightInitializer; dash?: "dash" }[] = [
  { name: "book U(±1/√m)", draw: (shape, r) => d.init.uniformBook(shape, { rng: r }) },
  { name: "Glorot uniform (eq. 8.24)", draw: (shape, r) => d.init.glorotUniform(shape, { rng: r }) },
  { name: "He normal N(0, 2/m)", draw: (shape, r) => d.init.heNormal(shape, { rng: r }) },
  { name: "orthogonal (gain 1)", draw: (shape, r) => d.init.orthogonal(shape, { rng: r }) },
  { name: "Glorot normal × 0.1 (too small)", draw: (shape, r) => d.init.glorotNormal(shape, { rng: r, gain: 0.1 }), dash: "dash" },
];
const trainingEpochs = 12;
const trainingStart = Date.now();
const trainingRuns: { name: string; history: Awaited<ReturnType<typeof d.train.fit>>; dash?: "dash" }[] = [];
for (const init of trainingInits) {
  const model = d.lab.initializedMlp({ sizes: deepSizes, activation: "relu", initializer: init.draw, seed: 0 });
  const history = await d.train.fit(model, digits, { optimizer: d.tf.optim.sgd({ lr: 0.05 }), epochs: trainingEpochs, batchSize: 32, seed: 0 });
  model.dispose();
  trainingRuns.push({ name: init.name, history: history, dash: init.dash });
}
console.log(`trained ${trainingRuns.length} MLPs × ${trainingEpochs} epochs on the ${tfBackend.backend} backend in ${((Date.now() - trainingStart) / 1000).toFixed(1)} s`);
for (const run of trainingRuns) {
  console.log(`${run.name.padEnd(32)} final training loss ${run.history.trainLoss[trainingEpochs - 1].toFixed(3)} nats, test accuracy ${(100 * run.history.test.accuracy).toFixed(1)} %`);
}
d.plot.lines({
  title: "Digits MLP 64→8×32→10 (ReLU), SGD ε = 0.05, batch 32: only the initialization differs",
  xTitle: "epoch",
  yTitle: "training cross-entropy (nats)",
  logX: false,
  series: trainingRuns.map((run) => ({ name: run.name, x: run.history.epoch, y: run.history.trainLoss, dash: run.dash })),
});

// %% [markdown]
// He's scale, made for ReLU, starts learning in the first epoch; Glorot and orthogonal (variance $1/m$, half of what
// ReLU needs) stay within 0.1 nats of the plateau at $\log 10 \approx 2.30$ for their first few epochs (3 and 5 here)
// before they move; the book's $U(\pm 1/\sqrt m)$ (variance $1/(3m)$) and the tenfold-too-small start never leave it
// in 12 epochs: their gradients at the first layers are too small after passing back through eight layers, exactly
// the shrinking of the depth experiment above. (A longer run or a larger step would move some of them; the point is
// how long they wait.)

// %%
const lossOf = (prefix: string) => trainingRuns.find((run) => run.name.startsWith(prefix))!.history.trainLoss;
const plateauEpochs = (prefix: string) => lossOf(prefix).filter((loss) => loss > Math.log(10) - 0.1).length;
d.check.claim("He: training loss after the first epoch is already below log 10 − 0.1", { value: lossOf("He")[0], below: Math.log(10) - 0.1 });
d.check.claim("Glorot: epochs within 0.1 nats of log 10 (a few)", { value: plateauEpochs("Glorot uniform"), between: [2, 6] });
d.check.claim("orthogonal: epochs within 0.1 nats of log 10 (a few)", { value: plateauEpochs("orthogonal"), between: [2, 6] });
d.check.claim("book U(±1/√m): never leaves the plateau in 12 epochs", { value: plateauEpochs("book"), approx: trainingEpochs, abs: 0 });
d.check.claim("Glorot × 0.1: never leaves the plateau in 12 epochs", { value: plateauEpochs("Glorot normal × 0.1"), approx: trainingEpochs, abs: 0 });

// %% [markdown]
// **Twenty layers on Fashion-MNIST** (heavy cell, tfjs). The digits network above has eight hidden layers; the
// initializers' differences compound with depth. The same ReLU MLP with 20 hidden layers of 64 units (biases
// zero) trains on Fashion-MNIST from four initializations — the book's $U(\pm 1/\sqrt m)$, Glorot's uniform
// (eq. 8.24), He's normal $\mathcal N(0, 2/m)$ and an orthogonal matrix with the ReLU gain $\sqrt 2$ — with the same
// seed, minibatches (64) and optimizer (SGD, lr 0.01, momentum 0.9). Size **small** (wasm, cpu): the first 10,000
// training images, 300 steps per network, 2,000 test images; **full** (webgl, webgpu): 30 hidden layers of 256
// units, all 60,000 images, 3,000 steps, 10,000 test images.

// %%
await d.tf.ready();
const fashion = await d.data.loadFashionMnist();
const heavySize = d.lab.workSize();
const depthOptions = d.lab.depthTrainingSizes[heavySize];
console.log(d.lab.workLine("Initialization at depth", heavySize, `${depthOptions.depth} hidden ReLU layers × ${depthOptions.width}, ${depthOptions.nTrain} training images, ${depthOptions.steps} steps per initialization, ${depthOptions.nTest} test images`));
const deepFashion = await d.lab.depthTraining(fashion, depthOptions);
for (const run of deepFashion.runs) {
  console.log(`${run.label.padEnd(22)} test accuracy ${(100 * run.testAccuracy).toFixed(1)} %, training loss below ${deepFashion.lossThreshold} nats at step ${run.stepsToLoss ?? "— (never)"}, ${run.seconds.toFixed(1)} s`);
}
d.plot.lines({
  title: `Fashion-MNIST, ReLU MLP with ${depthOptions.depth} hidden layers × ${depthOptions.width}: training loss by initialization`,
  xTitle: "SGD step",
  yTitle: `training loss (nats, ${deepFashion.window}-step mean)`,
  series: [
    ...deepFashion.runs.map((run) => ({ name: run.label, x: run.smoothedStep, y: run.smoothedLoss })),
    { name: "chance: ln 10", x: [0, depthOptions.steps], y: [Math.log(10), Math.log(10)], dash: "dot" as const, color: "#999999" },
  ],
});

// %% [markdown]
// The book's $U(\pm1/\sqrt m)$ never leaves chance (its signal shrinks by about $\sqrt 6$ per layer, a factor
// $(\sqrt 6)^{20} = 6^{10} \approx 6\cdot10^{7}$ over 20 layers, so the gradient reaching the first layers is nothing). Glorot's, tuned for
// symmetric activations, halves the variance at each ReLU and crawls: it ends far behind. He's and the
// orthogonal initialization with gain $\sqrt 2$ keep the signal's scale through every layer and train at once,
// reaching more than 60 % test accuracy within the budget.

// %%
const depthRun = (name: string) => deepFashion.runs.find((run) => run.initializer === name)!;
const lastLoss = (name: string) => depthRun(name).smoothedLoss[depthRun(name).smoothedLoss.length - 1];
d.check.claim("book U(±1/√m): final training loss within 0.01 nats of ln 10", { value: Math.abs(lastLoss("book") - Math.log(10)), below: 0.01 });
d.check.claim("book U(±1/√m): test accuracy (chance 0.1)", { value: depthRun("book").testAccuracy, below: 0.15 });
d.check.claim("Glorot: final training loss above He's and orthogonal's", { holds: lastLoss("glorot") > Math.max(lastLoss("he"), lastLoss("orthogonal")) });
d.check.claim("(√6)^20, the book's shrinkage relative to He's over 20 layers", { value: Math.pow(Math.sqrt(6), 20), approx: 6e7, rel: 0.01 });
d.check.claim("He: test accuracy", { value: depthRun("he").testAccuracy, above: 0.6 });
d.check.claim("orthogonal (gain √2): test accuracy", { value: depthRun("orthogonal").testAccuracy, above: 0.6 });

// %% [markdown]
// **Exercise 8.4.1 — Glorot's bound (eq. 8.24).** Return $\sqrt{6/(m+n)}$ for fan-in $m$ and fan-out $n$.
// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.4-1-glorot", "schema_version": 3}}
function glorotBound(fanIn: number, fanOut: number): number {
  // BEGIN SOLUTION
  return Math.sqrt(6 / (fanIn + fanOut));
  // END SOLUTION
}
// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.4-1-glorot-check", "points": 1, "schema_version": 3}}
d.check.glorotBound(glorotBound);
// BEGIN HIDDEN TESTS
d.check.glorotBound(glorotBound, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// **Exercise 8.4.2 — He's standard deviation.** Return $\sqrt{2/m}$ for fan-in $m$ (He et al. 2015).
// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.4-2-he", "schema_version": 3}}
function heStd(fanIn: number): number {
  // BEGIN SOLUTION
  return Math.sqrt(2 / fanIn);
  // END SOLUTION
}
// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.4-2-he-check", "points": 1, "schema_version": 3}}
d.check.heStd(heStd);
// BEGIN HIDDEN TESTS
d.check.heStd(heStd, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// **Exercise 8.4.3 — how orthogonal?** Return $\lVert W^\top W - I\rVert_F$ for a matrix $W$ with at least as many rows as
// columns (0 for a matrix with orthonormal columns).
// %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "task": false, "grade_id": "ex-8.4-3-orthogonality", "schema_version": 3}}
function orthogonalityError(W: number[][]): number {
  // BEGIN SOLUTION
  const n = W[0].length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const gram = W.reduce((s, row) => s + row[i] * row[j], 0);
      sum += (gram - (i === j ? 1 : 0)) ** 2;
    }
  }
  return Math.sqrt(sum);
  // END SOLUTION
}
// %% {"nbgrader": {"grade": true, "solution": false, "locked": true, "task": false, "grade_id": "ex-8.4-3-orthogonality-check", "points": 2, "schema_version": 3}}
d.check.orthogonalityError(orthogonalityError);
// BEGIN HIDDEN TESTS
d.check.orthogonalityError(orthogonalityError, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Further reading
//
// - X. Glorot, Y. Bengio (2010), *Understanding the difficulty of training deep feedforward neural networks*.
// - K. He, X. Zhang, S. Ren, J. Sun (2015), *Delving deep into rectifiers* — the $\sqrt{2/m}$ scale for ReLU.
// - A. Saxe, J. McClelland, S. Ganguli (2014), *Exact solutions to the nonlinear dynamics of learning in deep linear neural networks* — orthogonal initialization.
// - J. Martens (2010), *Deep learning via Hessian-free optimization* — sparse initialization.
// - D. Sussillo (2014), *Random walks: training very deep nonlinear feed-forward networks with smart initialization*.
// - S. Ioffe, C. Szegedy (2015), *Batch normalization* — making the network far less sensitive to its initial scale (notebook 8.7).
