import { describe, it, expect, beforeAll } from "vitest";
import { tf as dtf, optim, book } from "../src";

const tf = dtf.tf;
type Factory = (o: any) => unknown;

/** The float64 factory's error message, or null when it accepts the options. */
function float64Error(make: Factory, opts: object): string | null {
  try {
    make(opts);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

describe("tfjs optimizers validate exactly like the float64 ones", () => {
  beforeAll(async () => {
    await dtf.ready({ backend: "cpu" });
  });

  // Each case breaks one hyperparameter; the reference is what src/optim's factory says about it.
  const torchCases: [keyof typeof optim, object][] = [
    ["sgd", { lr: -1 }], ["sgd", {}], ["sgd", { lr: 0.1, nesterov: true }], ["sgd", { lr: 0.1, dampening: 2 }],
    ["adagrad", { eps: -1 }], ["rmsprop", { alpha: 1.5 }], ["rmsprop", { centered: 1 }], ["adadelta", { rho: -0.1 }],
    ["adam", { betas: [0.9, 1] }], ["adam", { lr: NaN }], ["adamw", { weightDecay: -1 }], ["adamax", { betas: [1, 0.9] }],
    ["nadam", { maximize: true }], ["nadamTorch113", { momentumDecay: -1 }], ["rprop", { etas: [1.5, 2] }],
    ["rprop", { stepSizes: [2, 1] }], ["asgd", { t0: -1 }], ["adam", { learningRate: 0.1 }],
  ];
  for (const [name, opts] of torchCases) {
    it(`optim.${name}(${JSON.stringify(opts)})`, () => {
      const want = float64Error(optim[name] as Factory, opts);
      expect(want).not.toBeNull();
      const tfMake = dtf.optim[name] as Factory;
      let got = "";
      try {
        tfMake(opts);
      } catch (e) {
        got = (e as Error).message;
      }
      // Same text after the function name; an unknown option also lists the tfjs extras.
      const body = (m: string) => m.replace(/^[^:]*:/, "").replace(/\(([^)]*)\)/, "(…)");
      expect(got.startsWith(`tf.optim.${name}:`), got).toBe(true);
      expect(body(got)).toBe(body(want!));
    });
  }
  const bookCases: [keyof typeof book, object][] = [
    ["sgd", {}], ["momentum", { epsilon: 0.1, alpha: 1 }], ["nesterov", { epsilon: -0.1, alpha: 0.5 }],
    ["adagrad", { epsilon: 0.1, delta: -1 }], ["rmsprop", { epsilon: 0.1, rho: 1 }], ["rmspropNesterov", { epsilon: 0.1, rho: 0.9 }],
    ["adam", { rho2: 1 }],
  ];
  for (const [name, opts] of bookCases) {
    it(`book.${name}(${JSON.stringify(opts)})`, () => {
      const want = float64Error(book[name] as Factory, opts)!;
      expect(want).not.toBeNull();
      expect(() => (dtf.book[name] as Factory)(opts)).toThrow(`tf.${want}`);
    });
  }

  it("takes the float64 defaults", () => {
    expect(dtf.optim.adamw().getConfig()).toMatchObject({ lr: 1e-3, weightDecay: 1e-2, eps: 1e-8, amsgrad: false });
    expect(dtf.optim.adagrad().getConfig()).toMatchObject({ lr: 0.01, eps: 1e-10, initialAccumulatorValue: 0 });
    expect(dtf.book.rmsprop({ epsilon: 0.1, rho: 0.9 }).getConfig()).toMatchObject({ delta: 1e-6 });
    expect(dtf.optim.adam().getConfig()).not.toHaveProperty("checkFinite");
  });

  it("rejects the float64-only options and the tfjs extras' bad values", () => {
    expect(() => dtf.optim.adam({ checkFinite: false } as object)).toThrow("tf.optim.adam: parameter 'checkFinite' must be left out");
    expect(() => dtf.book.momentum({ epsilon: 0.1, alpha: 0.9, v0: [1, 2] })).toThrow("tf.book.momentum: parameter 'v0' must be a finite number");
    expect(() => dtf.optim.adam({ lr: 0.1, clipValue: -1 })).toThrow("tf.optim.adam: parameter 'clipValue' must be a finite number > 0, got -1");
    expect(() => dtf.book.adam({ schedule: 3 as unknown as () => number })).toThrow("tf.book.adam: parameter 'schedule' must be a function");
    expect(() => dtf.optim.adam({ learningRate: 0.1 } as object)).toThrow(/known options \(lr, betas, eps, weightDecay, amsgrad, maximize, schedule, clipNorm, clipValue, average\)/);
  });
});

describe("tfjs optimizer state round-trips through getWeights / setWeights", () => {
  beforeAll(async () => {
    await dtf.ready({ backend: "cpu" });
  });
  const loss = (x: dtf.tf.Variable, y: dtf.tf.Variable) => () =>
    tf.add(tf.sum(tf.mul(tf.tensor1d([1, 10, 3]), tf.square(x))), tf.sum(tf.square(tf.sub(y, 2)))) as dtf.tf.Scalar;
  const makers: [string, () => dtf.DescentOptimizer][] = [
    ["optim.adam + average", () => dtf.optim.adam({ lr: 0.05, average: { ema: 0.9 } })],
    ["optim.asgd (η, μ scalars)", () => dtf.optim.asgd({ lr: 0.01, t0: 3 })],
    ["optim.nadam (Πμ scalar)", () => dtf.optim.nadam({ lr: 0.05 })],
    ["book.nesterov (look-ahead variable)", () => dtf.book.nesterov({ epsilon: 0.01, alpha: 0.9 })],
    ["optim.sgd + schedule", () => dtf.optim.sgd({ lr: 0.01, momentum: 0.9, schedule: (k) => 0.01 / (1 + k) })],
  ];
  for (const [label, make] of makers) {
    it(label, async () => {
      const x = tf.variable(tf.tensor1d([1, -2, 0.5]));
      const y = tf.variable(tf.tensor2d([[0, 1], [3, -1]]));
      const f = loss(x, y);
      const a = make();
      for (let k = 0; k < 5; k++) a.minimize(f, false, [x, y]);
      const saved = (await a.getWeights()).map((w) => ({ name: w.name, tensor: w.tensor.clone() }));
      const savedX = x.clone();
      const savedY = y.clone();
      const continued: number[][] = [];
      for (let k = 0; k < 5; k++) {
        a.minimize(f, false, [x, y]);
        continued.push([...x.dataSync(), ...y.dataSync()]);
      }
      const avgA = a.averaged(x)?.dataSync();
      x.assign(savedX);
      y.assign(savedY);
      const b = make();
      await b.setWeights(saved);
      expect(b.iterations).toBe(5);
      const resumed: number[][] = [];
      for (let k = 0; k < 5; k++) {
        b.minimize(f, false, [x, y]);
        resumed.push([...x.dataSync(), ...y.dataSync()]);
      }
      expect(resumed).toEqual(continued);
      if (avgA) expect(b.averaged(x)!.dataSync()).toEqual(avgA);
      tf.dispose([x, y, savedX, savedY, ...saved.map((s) => s.tensor)]);
    });
  }

  it("rejects a foreign or incomplete state without changing anything", async () => {
    const x = tf.variable(tf.tensor1d([1, 2]));
    const a = dtf.optim.adam({ lr: 0.1 });
    a.minimize(() => tf.sum(tf.square(x)) as dtf.tf.Scalar, false, [x]);
    const w = await a.getWeights();
    const b = dtf.optim.adam({ lr: 0.1 });
    await expect(b.setWeights(w.filter((e) => !e.name.endsWith("/v")))).rejects.toThrow("must hold every slot");
    await expect(b.setWeights([w[0], { name: "nope/m", tensor: tf.zeros([2]) }])).rejects.toThrow("must name registered tfjs variables, got 'nope/m'");
    const sgd = dtf.optim.sgd({ lr: 0.1, momentum: 0.5 });
    await expect(sgd.setWeights(w)).rejects.toThrow("must hold only this rule's slots (buf)");
    expect(b.iterations).toBe(0);
    expect(b.slot(x, "m")).toBeNull();
  });
});
