import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { book, chain, clipByGlobalNorm, clipByValue, emaAveraging, gradientNoise, loadState, optim, polyakAveraging, problems, run, saveState, scheduleLr, schedules, type Optimizer } from "../src";

// Subnormal magnitudes are flushed to 0: clipping them underflows to ±0, which is not a property failure.
const vec = (n: number) => fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: n, maxLength: n }).map((a) => Float64Array.from(a, (v) => (Math.abs(v) < 1e-100 ? 0 : v)));
const sized = fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(vec(n), vec(n)));

describe("single-step invariants", () => {
  it("SGD: x ← x − lr·g exactly", () => {
    fc.assert(
      fc.property(sized, fc.double({ min: 0, max: 10, noNaN: true }), ([x, g], lr) => {
        const want = x.map((v, i) => v - lr * g[i]);
        const opt = optim.sgd({ lr });
        opt.step(x, g, opt.init(x));
        expect(Array.from(x)).toEqual(Array.from(want));
      }),
    );
  });

  it("book SGD (8.1) and torch SGD agree", () => {
    fc.assert(
      fc.property(sized, fc.double({ min: 0, max: 10, noNaN: true }), ([x, g], lr) => {
        const y = x.slice();
        const a = optim.sgd({ lr });
        const b = book.sgd({ epsilon: lr });
        a.step(x, g, a.init(x));
        b.step(y, g, b.init(y));
        expect(Array.from(y)).toEqual(Array.from(x));
      }),
    );
  });

  it("Adam's first step moves each coordinate by ≈ lr (sign opposite to g) when |g| ≫ eps", () => {
    fc.assert(
      fc.property(sized, fc.double({ min: 1e-4, max: 1, noNaN: true }), ([x, g], lr) => {
        fc.pre(g.every((v) => Math.abs(v) > 1e-3));
        const x0 = x.slice();
        for (const opt of [optim.adam({ lr }), book.adam({ epsilon: lr })] as Optimizer[]) {
          const y = x0.slice();
          opt.step(y, g, opt.init(y));
          for (let i = 0; i < y.length; i++) {
            const move = y[i] - x0[i];
            expect(Math.abs(Math.abs(move) - lr)).toBeLessThanOrEqual(lr * 1e-4 + 1e-12 * Math.abs(x0[i]));
            expect(Math.sign(move)).toBe(-Math.sign(g[i]));
          }
        }
      }),
    );
  });

  it("book momentum (8.2) = torch SGD(momentum) with v = −lr·buf at constant lr", () => {
    const { objective, x0 } = problems.reference("quad5");
    const a = run(optim.sgd({ lr: 0.004, momentum: 0.8 }), objective, { x0, steps: 50 });
    const b = run(book.momentum({ epsilon: 0.004, alpha: 0.8 }), objective, { x0, steps: 50 });
    b.params.forEach((p, k) => p.forEach((v, i) => expect(Math.abs(v - a.params[k][i])).toBeLessThan(1e-12)));
  });

  it("torch Nesterov SGD's parameters are the book's look-ahead θ + αv (8.3)", () => {
    const { objective, x0 } = problems.reference("rosenbrock");
    const a = run(optim.sgd({ lr: 5e-4, momentum: 0.9, nesterov: true }), objective, { x0, steps: 60 });
    const b = run(book.nesterov({ epsilon: 5e-4, alpha: 0.9 }), objective, { x0, steps: 60 });
    b.lookahead!.forEach((p, k) => p.forEach((v, i) => expect(Math.abs(v - a.params[k][i])).toBeLessThan(1e-11)));
  });

  it("Rprop moves by exactly lr on the first step", () => {
    fc.assert(
      fc.property(sized, ([x, g]) => {
        const x0 = x.slice();
        const opt = optim.rprop({ lr: 0.25 });
        opt.step(x, g, opt.init(x));
        x.forEach((v, i) => expect(v).toBe(x0[i] - Math.sign(g[i]) * 0.25));
      }),
    );
  });
});

const everyOptimizer: [string, () => Optimizer][] = [
  ["sgd", () => optim.sgd({ lr: 0.003, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
  ["sgd dampening", () => optim.sgd({ lr: 0.003, momentum: 0.9, dampening: 0.5 })],
  ["adagrad", () => optim.adagrad({ lr: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.1 })],
  ["rmsprop", () => optim.rmsprop({ lr: 0.003, momentum: 0.5, centered: true })],
  ["adadelta", () => optim.adadelta()],
  ["adam", () => optim.adam({ lr: 0.05, amsgrad: true })],
  ["adamw", () => optim.adamw({ lr: 0.05 })],
  ["adamax", () => optim.adamax({ lr: 0.05 })],
  ["nadam", () => optim.nadam({ lr: 0.05 })],
  ["nadamTorch113", () => optim.nadamTorch113({ lr: 0.05 })],
  ["rprop", () => optim.rprop()],
  ["asgd", () => optim.asgd({ lr: 0.005, t0: 3 })],
  ["book.sgd", () => book.sgd({ epsilon: 0.005 })],
  ["book.momentum", () => book.momentum({ epsilon: 0.003, alpha: 0.9, v0: [0.1, -0.1, 0, 0.2, 0] })],
  ["book.nesterov", () => book.nesterov({ epsilon: 0.003, alpha: 0.9 })],
  ["book.adagrad", () => book.adagrad({ epsilon: 0.1 })],
  ["book.rmsprop", () => book.rmsprop({ epsilon: 0.01, rho: 0.9 })],
  ["book.rmspropNesterov", () => book.rmspropNesterov({ epsilon: 0.001, rho: 0.9, alpha: 0.5 })],
  ["book.adam", () => book.adam({ epsilon: 0.05 })],
  ["chain(all transforms)", () => chain(optim.adam({ lr: 0.05 }), gradientNoise({ seed: 7, eta: 0.1 }), clipByGlobalNorm({ maxNorm: 5 }), clipByValue({ clipValue: 3 }), scheduleLr(schedules.cosine({ lr: 0.05, tMax: 30 })), polyakAveraging({ start: 5 }), emaAveraging())],
  ["chain(book.nesterov)", () => chain(book.nesterov({ epsilon: 0.003, alpha: 0.9 }), scheduleLr(schedules.linearDecay({ epsilon0: 0.003, epsilonTau: 0.0003, tau: 20 })), clipByValue({ clipValue: 10 }))],
];

describe("state: save, JSON, restore, resume bit-identically", () => {
  const { objective, x0 } = problems.reference("quad5");
  for (const [name, make] of everyOptimizer) {
    it(name, () => {
      const grad = (x: Float64Array) => objective.grad(x);
      const opt = make();
      const straight = x0.slice();
      const s1 = opt.init(straight);
      for (let k = 0; k < 40; k++) opt.step(straight, grad, s1);

      const resumed = x0.slice();
      const s2 = opt.init(resumed);
      for (let k = 0; k < 17; k++) opt.step(resumed, grad, s2);
      const wire = JSON.stringify(saveState(s2));
      const again = make(); // a fresh optimizer object, as after a restart
      const s3 = loadState(JSON.parse(wire));
      const x = Float64Array.from(JSON.parse(JSON.stringify(Array.from(resumed))));
      for (let k = 17; k < 40; k++) again.step(x, grad, s3);
      expect(Array.from(x)).toEqual(Array.from(straight));
      expect(saveState(s3)).toEqual(saveState(s1));
    });
  }

  it("keeps −0, NaN and ±Infinity through JSON", () => {
    const s = optim.sgd({ lr: 1, momentum: 0.5 }).init(new Float64Array(4));
    s.buffers.momentumBuffer.set([-0, NaN, Infinity, -Infinity]);
    const back = loadState(JSON.parse(JSON.stringify(saveState(s))));
    expect(Object.is(back.buffers.momentumBuffer[0], -0)).toBe(true);
    expect(Array.from(back.buffers.momentumBuffer).slice(1)).toEqual([NaN, Infinity, -Infinity]);
  });
});

describe("bad input", () => {
  it("rejects unknown option names (a typo must not fall back to a default)", () => {
    expect(() => optim.adam({ learningRate: 0.1 } as never)).toThrow(/optim\.adam: parameter 'learningRate'.*unknown/);
    expect(() => optim.nadam({ maximize: true } as never)).toThrow(/optim\.nadam: parameter 'maximize'/);
    expect(() => book.adam({ lr: 0.1 } as never)).toThrow(/book\.adam: parameter 'lr'/);
  });

  const bad: [() => unknown, RegExp][] = [
    [() => optim.sgd({} as never), /optim\.sgd: parameter 'lr' must be given/],
    [() => optim.sgd({ lr: -1 }), /optim\.sgd: parameter 'lr' must be a finite number ≥ 0, got -1/],
    [() => optim.sgd({ lr: 0.1, momentum: -0.5 }), /parameter 'momentum'.*got -0\.5/],
    [() => optim.sgd({ lr: 0.1, nesterov: true }), /parameter 'nesterov'.*momentum > 0/],
    [() => optim.sgd({ lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }), /parameter 'nesterov'.*dampening = 0/],
    [() => optim.adam({ betas: [0.9, 1] }), /optim\.adam: parameter 'betas' must be a pair.*\[0, 1\).*got \[0\.9, 1\]/],
    [() => optim.adam({ eps: -1e-8 }), /parameter 'eps'/],
    [() => optim.adam({ lr: NaN }), /parameter 'lr'.*got NaN/],
    [() => optim.adamw({ weightDecay: -0.1 }), /optim\.adamw: parameter 'weightDecay'/],
    [() => optim.rprop({ etas: [1.1, 1.2] }), /optim\.rprop: parameter 'etas'.*0 < etaminus < 1 < etaplus/],
    [() => optim.rprop({ etas: [0.5, 0.9] }), /parameter 'etas'/],
    [() => optim.rprop({ stepSizes: [1, 0.1] }), /parameter 'stepSizes'.*min ≤ max/],
    [() => optim.asgd({ t0: -1 }), /optim\.asgd: parameter 't0'/],
    [() => optim.asgd({ lambd: -1 }), /parameter 'lambd'/],
    [() => optim.rmsprop({ alpha: 1.5 }), /parameter 'alpha'/],
    [() => optim.adadelta({ rho: -0.1 }), /parameter 'rho'/],
    [() => optim.adagrad({ lrDecay: -1 }), /parameter 'lrDecay'/],
    [() => optim.nadam({ momentumDecay: -1 }), /parameter 'momentumDecay'/],
    [() => optim.sgd({ lr: 0.1, maximize: "yes" as never }), /parameter 'maximize' must be true or false/],
    [() => book.momentum({ epsilon: 0.1, alpha: 1 }), /book\.momentum: parameter 'alpha'/],
    [() => book.rmsprop({ epsilon: 0.1 } as never), /book\.rmsprop: parameter 'rho' must be given/],
    [() => schedules.linearDecay({ epsilon0: 0.1, epsilonTau: 0.001, tau: 0 }), /schedules\.linearDecay: parameter 'tau' must be an integer > 0, got 0/],
    [() => clipByGlobalNorm({ maxNorm: -1 }), /optim\.clipByGlobalNorm: parameter 'maxNorm'/],
  ];
  for (const [f, msg] of bad) it(String(msg), () => expect(f).toThrow(msg));

  it("a failing step leaves x and the state unchanged", () => {
    for (const [, make] of everyOptimizer) {
      const opt = make();
      const x = Float64Array.of(1, -2, 3, 0.5, -1);
      const s = opt.init(x);
      const grad = (p: Float64Array) => problems.reference("quad5").objective.grad(p);
      opt.step(x, grad, s);
      const before = JSON.stringify(saveState(s));
      const xb = Array.from(x);
      expect(() => opt.step(x, () => new Float64Array(3), s)).toThrow(/parameter 'grad' must have the parameters' length 5, got length 3/);
      expect(() => opt.step(x, () => Float64Array.of(1, NaN, 0, 0, 0), s)).toThrow(/parameter 'grad' must contain only finite numbers.*grad\[1\] = NaN/);
      expect(() => opt.step(x, () => { throw new Error("boom"); }, s)).toThrow("boom");
      const y = x.slice();
      y[2] = Infinity;
      expect(() => opt.step(y, grad, s)).toThrow(/parameter 'x' must contain only finite numbers/);
      expect(Array.from(x)).toEqual(xb);
      expect(JSON.stringify(saveState(s))).toBe(before);
    }
  });

  it("checkFinite: false lets non-finite values through", () => {
    const opt = optim.sgd({ lr: 1, checkFinite: false });
    const x = Float64Array.of(1, 2);
    opt.step(x, Float64Array.of(Infinity, 0), opt.init(x));
    expect(x[0]).toBe(-Infinity);
  });

  it("book Nesterov needs a gradient function", () => {
    const opt = book.nesterov({ epsilon: 0.1, alpha: 0.5 });
    const x = Float64Array.of(1);
    expect(() => opt.step(x, Float64Array.of(1), opt.init(x))).toThrow(/book\.nesterov\.step: parameter 'grad' must be a function/);
  });

  it("a state of another kind or length is refused", () => {
    const x = Float64Array.of(1, 2);
    expect(() => optim.adam().step(x, Float64Array.of(1, 1), optim.sgd({ lr: 1 }).init(x))).toThrow(/state of kind 'adam', got a state of kind 'sgd'/);
    expect(() => optim.adam().step(x, Float64Array.of(1, 1), optim.adam().init(Float64Array.of(1, 2, 3)))).toThrow(/length 2/);
  });

  it("a state changes hands between optimizers of one kind (hand-made schedule)", () => {
    const x = Float64Array.of(1, 2);
    const y = x.slice();
    const g = Float64Array.of(0.5, -1);
    const s = optim.adam({ lr: 0.1 }).init(x);
    optim.adam({ lr: 0.1 }).step(x, g, s);
    optim.adam({ lr: 0.01 }).step(x, g, s);
    const opt = optim.adam({ lr: 0.1 });
    const s2 = opt.init(y);
    opt.stepWithLr(y, g, s2, 0.1);
    opt.stepWithLr(y, g, s2, 0.01);
    expect(Array.from(x)).toEqual(Array.from(y));
  });
});

describe("transforms", () => {
  const g = fc.integer({ min: 1, max: 10 }).chain((n) => vec(n));

  it("clipping never increases the norm, and by-norm keeps the direction", () => {
    fc.assert(
      fc.property(g, fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 50, noNaN: true })), (grad, maxNorm) => {
        const norm = (v: Float64Array) => Math.hypot(...v);
        for (const t of [clipByGlobalNorm({ maxNorm }), clipByValue({ clipValue: maxNorm })]) {
          const c = grad.slice();
          t.gradient!(c, c, {} as never);
          expect(norm(c)).toBeLessThanOrEqual(norm(grad) * (1 + 1e-15));
        }
        const c = grad.slice();
        clipByGlobalNorm({ maxNorm }).gradient!(c, c, {} as never);
        expect(norm(c)).toBeLessThanOrEqual(maxNorm * (1 + 1e-12));
        if (norm(grad) > 0 && maxNorm > 0) c.forEach((v, i) => expect(Math.sign(v)).toBe(Math.sign(grad[i])));
      }),
    );
  });

  it("a chain without transforms is the optimizer itself", () => {
    const { objective, x0 } = problems.reference("rosenbrock");
    const a = run(optim.adam({ lr: 0.1 }), objective, { x0, steps: 30 });
    const b = run(chain(optim.adam({ lr: 0.1 })), objective, { x0, steps: 30 });
    expect(b.params).toEqual(a.params);
  });

  it("scheduleLr is the same as changing lr by hand each step (eq. 8.14)", () => {
    const { objective, x0 } = problems.reference("quad5");
    const sched = schedules.linearDecay({ epsilon0: 0.01, epsilonTau: 0.001, tau: 10 });
    const traj = run(chain(optim.sgd({ lr: 123 }), scheduleLr(sched)), objective, { x0, steps: 20 });
    const x = x0.slice();
    for (let k = 0; k < 20; k++) {
      const lr = k <= 10 ? (1 - k / 10) * 0.01 + (k / 10) * 0.001 : 0.001;
      const gk = objective.grad(x);
      for (let i = 0; i < x.length; i++) x[i] -= lr * gk[i];
      traj.params[k + 1].forEach((v, i) => expect(Math.abs(v - x[i])).toBeLessThan(1e-14 * (1 + Math.abs(x[i]))));
    }
  });

  it("Polyak averaging is the running mean of the iterates; EMA its recursion", () => {
    const { objective, x0 } = problems.reference("quad5");
    const plain = run(optim.sgd({ lr: 0.01 }), objective, { x0, steps: 25 });
    const poly = run(chain(optim.sgd({ lr: 0.01 }), polyakAveraging()), objective, { x0, steps: 25 });
    const ema = run(chain(optim.sgd({ lr: 0.01 }), emaAveraging({ decay: 0.9 })), objective, { x0, steps: 25 });
    expect(poly.params).toEqual(plain.params);
    for (let k = 1; k <= 25; k++) {
      for (let i = 0; i < x0.length; i++) {
        let mean = 0;
        for (let j = 1; j <= k; j++) mean += plain.params[j][i] / k;
        expect(Math.abs(poly.averaged![k][i] - mean)).toBeLessThan(1e-12);
        const e = 0.9 * ema.averaged![k - 1][i] + 0.1 * plain.params[k][i];
        expect(Math.abs(ema.averaged![k][i] - e)).toBeLessThan(1e-15 * (1 + Math.abs(e)));
      }
    }
  });

  it("gradient noise is seeded, has the annealed variance η/(1+t)^γ, and only perturbs", () => {
    const n = 20000;
    const x = new Float64Array(n);
    const zero = new Float64Array(n);
    const sample = (seed: number, t: number) => {
      const c = zero.slice();
      gradientNoise({ seed, eta: 0.5, gamma: 0.55 }).gradient!(c, x, { t } as never);
      return c;
    };
    expect(Array.from(sample(3, 4))).toEqual(Array.from(sample(3, 4)));
    expect(Array.from(sample(3, 4))).not.toEqual(Array.from(sample(4, 4)));
    for (const t of [0, 9, 99]) {
      const c = sample(1, t);
      const variance = c.reduce((s, v) => s + v * v, 0) / n;
      const want = 0.5 / Math.pow(1 + t, 0.55);
      expect(Math.abs(variance / want - 1)).toBeLessThan(0.05);
    }
  });

  it("ASGD's averaged series is the mean of p_{t0+2..k} after t0 + 2", () => {
    const { objective, x0 } = problems.reference("quad5");
    const t0 = 5;
    const traj = run(optim.asgd({ lr: 0.005, t0, lambd: 0 }), objective, { x0, steps: 30 });
    for (let k = 1; k <= 30; k++) {
      for (let i = 0; i < x0.length; i++) {
        const from = k <= t0 + 2 ? k : t0 + 2;
        let mean = 0;
        for (let j = from; j <= k; j++) mean += traj.params[j][i] / (k - from + 1);
        expect(Math.abs(traj.averaged![k][i] - mean)).toBeLessThan(1e-12);
      }
    }
  });
});
