// %% [markdown]
// # Start here: how this workbook works
//
// **Descent** is chapter 8 of Goodfellow, Bengio & Courville's *Deep Learning*, "Optimization for
// Training Deep Models", as notebooks you can run and change. Every notebook is TypeScript on the
// *TypeScript (Descent)* kernel; the algorithms live in a small library in `src/` that each notebook imports.
//
// How to use it:
//
// - Run the cells from top to bottom (**Shift+Enter**), or **Kernel → Restart & Run All**. Re-running a
//   single cell is fine: every result is seeded, so it comes out the same each time.
// - Change a number and run the cell again: figures are interactive (hover, zoom, double-click to reset).
// - The notebooks follow the chapter's order:
//   1. [8.1 How learning differs from pure optimization](8.1-learning-vs-optimization.ipynb)
//   2. [8.2 Challenges in neural network optimization](8.2-challenges.ipynb)
//   3. [8.3 Basic algorithms: SGD, momentum, Nesterov](8.3-basic-algorithms.ipynb)
//   4. [8.4 Parameter initialization strategies](8.4-initialization.ipynb)
//   5. [8.5 Algorithms with adaptive learning rates](8.5-adaptive-learning-rates.ipynb)
//   6. [8.6 Approximate second-order methods](8.6-second-order-methods.ipynb)
//   7. [8.7 Optimization strategies and meta-algorithms](8.7-meta-algorithms.ipynb)
// - Each section notebook ends with exercises: complete the cell marked `// YOUR CODE HERE`, then run the
//   check cell below it for an instant verdict or a hint (instructors: see `src/check/README.md`).
//
// This first notebook checks that everything works: the library loads, tensors run on the best backend
// this machine offers, a figure with a slider works, and a small network learns to read digits.

// %%
import * as d from "./src";

// %% [markdown]
// ## Where the tensors run
//
// Plain math (the optimizers of 8.3–8.6 on small test functions) runs in float64 JavaScript. Neural
// networks use TensorFlow.js, which picks the fastest backend it can use here, best first: **webgpu**
// (a GPU with a Vulkan driver), **webgl** (headless-gl, built by `kernel-setup/setup.sh --webgl`),
// **wasm** (SIMD WebAssembly on the CPU) and plain **cpu**. Set `DESCENT_BACKEND=wasm` (or another
// name) before starting Jupyter to force one. For long float64 vectors (256 entries and more) Adam and
// the optimizers' finite-input check also have native kernels, compiled by the set-up when a C compiler
// is there; they give the same bits as the JavaScript loops, only faster. The report says which backend
// runs and why the better ones were skipped, and whether the native kernels are on:

// %%
const backend = await d.tf.ready();
// site: output differs in the browser: it names the backend the page got, and a browser runs no native kernels
console.log(d.tf.describe());
const native = d.nativeKernels();
console.log(native.available ? `float64 native kernels: on (${native.isa})` : `float64 native kernels: off (${native.reason})`);

// %% [markdown]
// ## A first optimizer, and a figure with a slider
//
// Gradient descent (Algorithm 8.1) repeats $\theta \leftarrow \theta - \epsilon\, \nabla_\theta f(\theta)$.
// On the ill-conditioned quadratic $f(\theta) = \tfrac12 \theta^\top A \theta$ with
// $A = \operatorname{diag}(1, 10)$, the largest stable learning rate is $\epsilon < 2/\lambda_{\max} = 0.2$:
// below it the iterates zig-zag down the narrow valley, above it they fly off.
// The slider steps through precomputed runs, so it works in the exported HTML book too.

// %%
const bowl = d.problems.quadratic({ A: [[1, 0], [0, 10]], b: [0, 0] });
const learningRates = [0.02, 0.05, 0.1, 0.15, 0.19, 0.21];
const runs = learningRates.map((epsilon) => d.run(d.book.sgd({ epsilon }), bowl, { x0: [-1.8, 0.9], steps: 30 }));

d.plot.slider({
  title: "Gradient descent on f(θ) = ½ θᵀ diag(1, 10) θ: 30 steps from (−1.8, 0.9)",
  label: "learning rate ε",
  contour: {
    f: (x, y) => bowl.f(Float64Array.of(x, y)),
    xRange: [-2, 2],
    yRange: [-1.2, 1.2],
    xTitle: "θ₁",
    yTitle: "θ₂",
    resolution: 60,
    marks: [{ name: "minimum θ* = 0", x: 0, y: 0 }],
  },
  steps: runs.map((r, k) => ({
    value: String(learningRates[k]),
    // Clip the diverging run to the plotted box: the slider shows where it leaves, not where it ends.
    paths: [{ name: `SGD, Algorithm 8.1 (ε = ${learningRates[k]})`, points: r.params.filter((p) => Math.abs(p[1]) < 1.5) }],
  })),
  initial: 3,
}).show();

// %% [markdown]
// Notebooks state their numbers in code, too: a `d.check.claim` after a sentence measures what it says and prints a
// one-line verdict (✔), or stops the notebook (✘) when the sentence is no longer true. The two claims of the
// paragraph above:

// %%
const distanceAfter30 = (k: number) => Math.hypot(...runs[k].params[30]);
const startDistance = Math.hypot(-1.8, 0.9);
d.check.claim("below 2/λ_max = 0.2 the iterates converge (ε = 0.19: distance to θ* after 30 steps, relative to the start)", { value: distanceAfter30(learningRates.indexOf(0.19)) / startDistance, below: 0.1 });
d.check.claim("above it they fly off (ε = 0.21: the same ratio)", { value: distanceAfter30(learningRates.indexOf(0.21)) / startDistance, above: 1 });

// %% [markdown]
// ## A small network learns to read digits
//
// The 1,797 handwritten 8×8 digits of `data/digits.csv`, split 80/20 per class with a fixed seed. A
// multilayer perceptron 64 → 32 → 10 (ReLU) trained with minibatch SGD with momentum (Algorithm 8.2) on
// the cross-entropy. The chart below updates in place while it trains.

// %%
const digits = await d.data.loadDigits({ seed: 0 });
const model = d.train.mlp({ sizes: [digits.nFeatures, 32, digits.nClasses], seed: 0 });
const history = await d.train.fit(model, digits, {
  optimizer: d.tf.optim.sgd({ lr: 0.1, momentum: 0.9 }),
  epochs: 15,
  batchSize: 32,
  seed: 0,
  display: true,
  title: `MLP 64→32→10 on digits, SGD (lr = 0.1, momentum = 0.9), batch 32, ${backend.backend} backend`,
});
const last = history.epoch.length - 1;
console.log(
  `after ${history.epoch[last]} epochs: test accuracy ${(100 * history.testAccuracy[last]).toFixed(1)}%, ` +
    `test loss ${history.testLoss[last].toFixed(3)} nats, ${history.seconds.reduce((a, b) => a + b, 0).toFixed(1)} s`,
);
d.check.claim("the network learns to read digits: test accuracy after 15 epochs", { value: history.testAccuracy[last], above: 0.9 });

// %% [markdown]
// ## How the notebooks are made
//
// Each notebook is written as a plain TypeScript file in `notebooks/src/` (cells separated by `// %%`
// lines, prose in `// %% [markdown]` cells) and turned into the `.ipynb` you are reading by
// `npm run notebooks:sync`. Figures come from `d.plot` (`lines`, `contour`, `heatmap`, `bar`, `slider`,
// `live`, `progress`); each one is a single output that JupyterLab, VS Code, Notebook 6 and the HTML
// book (`npm run build`) all display. Next: section 8.1, how learning differs from pure optimization.
