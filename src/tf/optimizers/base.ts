/**
 * One tfjs `Optimizer` for every rule of the chapter: the rule supplies the per-tensor update, this
 * class adds state slots, a learning-rate schedule, gradient clipping and iterate averaging, so it
 * works in `model.compile`/`fit` and `optimizer.minimize` like tfjs's own optimizers.
 */
import * as tf from "@tensorflow/tfjs";

/** tfjs-core's { name, tensor } pair (not re-exported by the tfjs umbrella package). */
type NamedTensor = { name: string; tensor: tf.Tensor };

/** What a rule sees for one tensor at one step. */
export interface StepContext {
  /** Learning rate of this step (the schedule's value when one is given). */
  lr: number;
  /** Steps taken by this tensor including this one (PyTorch's `step`, from 1). */
  t: number;
  /** Per-tensor float64 scalars the rule keeps between steps (ASGD's η and μ, NAdam's Πμ). */
  scalars: { [name: string]: number };
}

/** The update of one parameter tensor; everything returned is assigned back, nothing is mutated. */
export interface TfRule {
  name: string;
  /** State tensors per parameter; zeros unless `initSlot` says otherwise. */
  slots: readonly string[];
  initSlot?(slot: string, param: tf.Tensor, lr: number): tf.Tensor;
  initScalars?(lr: number): { [name: string]: number };
  /**
   * For Nesterov-type rules (book 8.3, 8.6) the variable holds the look-ahead point θ + αv, where
   * the gradient is taken; α here lets `theta()` recover θ = variable − α·v.
   */
  lookaheadAlpha?: number;
  update(p: tf.Tensor, g: tf.Tensor, slots: { [name: string]: tf.Tensor }, k: StepContext): { p: tf.Tensor; slots: { [name: string]: tf.Tensor } };
  hyperparams: object;
}

export type Averaging = "polyak" | { ema: number };

export interface ExtraOptions {
  /** lr as a function of the number of steps already taken (0 on the first step); replaces `lr`. */
  schedule?: (step: number) => number;
  /** Rescales all gradients together so their global L2 norm is at most this (torch clip_grad_norm_). */
  clipNorm?: number;
  /** Clamps every gradient element to [−clipValue, clipValue] (torch clip_grad_value_). */
  clipValue?: number;
  /** Keeps an average of the iterates: Polyak's running mean or an exponential moving average. */
  average?: Averaging;
}

interface TensorState {
  variable: tf.Variable;
  t: number;
  slots: { [name: string]: tf.Variable };
  scalars: { [name: string]: number };
  average?: tf.Variable;
}

export function checkExtraOptions(fn: string, extra: ExtraOptions): void {
  const { schedule, clipNorm, clipValue, average } = extra;
  if (schedule !== undefined && typeof schedule !== "function") {
    throw new Error(`${fn}: parameter 'schedule' must be a function step => lr, got ${String(schedule)}`);
  }
  for (const [name, v] of [["clipNorm", clipNorm], ["clipValue", clipValue]] as const) {
    if (v !== undefined && !(typeof v === "number" && v > 0 && Number.isFinite(v))) {
      throw new Error(`${fn}: parameter '${name}' must be a finite number > 0, got ${String(v)}`);
    }
  }
  if (average !== undefined && average !== "polyak") {
    const decay = (average as { ema?: unknown })?.ema;
    if (!(typeof decay === "number" && decay >= 0 && decay < 1)) {
      throw new Error(`${fn}: parameter 'average' must be "polyak" or { ema: decay in [0, 1) }, got ${JSON.stringify(average)}`);
    }
  }
}

export class DescentOptimizer extends tf.Optimizer {
  static get className(): string {
    return "DescentOptimizer";
  }
  private readonly states = new Map<string, TensorState>();

  constructor(
    readonly rule: TfRule,
    readonly lr: number,
    readonly extra: ExtraOptions = {},
  ) {
    super();
  }

  /** The learning rate the next step will use. */
  currentLr(): number {
    const steps = this.iterations;
    if (!this.extra.schedule) return this.lr;
    const lr = this.extra.schedule(steps);
    if (!(typeof lr === "number" && lr >= 0 && Number.isFinite(lr))) {
      throw new Error(`${this.rule.name}.applyGradients: the schedule must return a finite lr ≥ 0, got ${String(lr)} at step ${steps}`);
    }
    return lr;
  }

  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const pairs: { name: string; grad: tf.Tensor }[] = Array.isArray(variableGradients)
      ? variableGradients.map((v) => ({ name: v.name, grad: v.tensor }))
      : Object.keys(variableGradients).map((name) => ({ name, grad: variableGradients[name] }));
    const live = pairs.filter((p) => p.grad != null);
    const registered = tf.engine().registeredVariables;
    for (const { name } of live) {
      if (!registered[name]) throw new Error(`${this.rule.name}.applyGradients: parameter 'variableGradients' names no tfjs variable, got '${name}'`);
    }
    // Validate before touching anything so a failure leaves every variable and slot as it was.
    const lr = this.currentLr();
    tf.tidy(() => {
      let grads = live.map((p) => p.grad);
      if (this.extra.clipValue !== undefined) {
        const c = this.extra.clipValue;
        grads = grads.map((g) => tf.clipByValue(g, -c, c));
      }
      if (this.extra.clipNorm !== undefined && grads.length > 0) {
        const total = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
        const coef = tf.minimum(tf.div(this.extra.clipNorm, tf.add(total, 1e-6)), 1);
        grads = grads.map((g) => tf.mul(g, coef));
      }
      live.forEach(({ name }, i) => {
        const state = this.stateFor(name, registered[name], lr);
        const k: StepContext = { lr, t: state.t + 1, scalars: state.scalars };
        const current: { [name: string]: tf.Tensor } = {};
        for (const s of this.rule.slots) current[s] = state.slots[s];
        const out = this.rule.update(state.variable, grads[i], current, k);
        state.variable.assign(out.p);
        for (const s of this.rule.slots) state.slots[s].assign(out.slots[s]);
        state.t = k.t;
        if (state.average) this.updateAverage(state);
      });
    });
    this.incrementIterations();
  }

  private stateFor(name: string, variable: tf.Variable, lr: number): TensorState {
    let state = this.states.get(name);
    if (state) return state;
    const slots: { [name: string]: tf.Variable } = {};
    for (const s of this.rule.slots) {
      slots[s] = tf.tidy(() => (this.rule.initSlot ? this.rule.initSlot(s, variable, lr) : tf.zerosLike(variable)).variable(false));
    }
    state = { variable, t: 0, slots, scalars: this.rule.initScalars ? this.rule.initScalars(lr) : {} };
    if (this.rule.lookaheadAlpha && slots.v) {
      // The variable starts at θ0 and must hold θ0 + α·v0 from now on.
      variable.assign(tf.add(variable, tf.mul(slots.v, this.rule.lookaheadAlpha)));
    }
    if (this.extra.average) state.average = tf.tidy(() => tf.zerosLike(variable).variable(false));
    this.states.set(name, state);
    return state;
  }

  private updateAverage(state: TensorState): void {
    const avg = state.average!;
    const p = this.theta(state);
    const a = this.extra.average!;
    // Polyak: the running mean of θ1..θt; EMA: a ← decay·a + (1 − decay)·θ, started at θ1.
    const weight = a === "polyak" ? 1 / state.t : state.t === 1 ? 1 : 1 - a.ema;
    avg.assign(tf.add(avg, tf.mul(tf.sub(p, avg), weight)));
  }

  private theta(state: TensorState): tf.Tensor {
    const alpha = this.rule.lookaheadAlpha;
    return alpha && state.slots.v ? tf.sub(state.variable, tf.mul(state.slots.v, alpha)) : state.variable;
  }

  /** θ for a variable: itself, or (Nesterov-type rules) its value minus α·v. */
  thetaOf(variable: tf.Variable): tf.Tensor {
    const state = this.states.get(variable.name);
    return state ? tf.tidy(() => this.theta(state).clone()) : variable.clone();
  }

  /** A rule's state tensor for a variable (e.g. "m" for Adam, "ax" for ASGD), or null before its first step. */
  slot(variable: tf.Variable, slot: string): tf.Tensor | null {
    const s = this.states.get(variable.name)?.slots[slot];
    return s ? s.clone() : null;
  }

  /** The averaged iterate of a variable (needs the `average` option), or null before its first step. */
  averaged(variable: tf.Variable): tf.Tensor | null {
    const a = this.states.get(variable.name)?.average;
    return a ? a.clone() : null;
  }

  /** Swaps every variable with its average (call again to swap back): evaluate a model at the average. */
  swapAverages(): void {
    for (const state of this.states.values()) {
      if (!state.average) throw new Error(`${this.rule.name}.swapAverages: parameter 'average' must be set when the optimizer is made, got undefined`);
      const keep = state.variable.clone();
      state.variable.assign(state.average);
      state.average.assign(keep);
      keep.dispose();
    }
  }

  getConfig(): tf.serialization.ConfigDict {
    return { rule: this.rule.name, lr: this.lr, ...(this.rule.hyperparams as tf.serialization.ConfigDict) };
  }

  async getWeights(): Promise<NamedTensor[]> {
    const out: NamedTensor[] = [await this.saveIterations()];
    for (const [name, state] of this.states) {
      for (const s of this.rule.slots) out.push({ name: `${name}/${s}`, tensor: state.slots[s] });
    }
    return out;
  }

  dispose(): void {
    for (const state of this.states.values()) {
      for (const s of Object.values(state.slots)) s.dispose();
      state.average?.dispose();
    }
    this.states.clear();
  }
}
