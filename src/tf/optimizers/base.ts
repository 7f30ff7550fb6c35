/**
 * One tfjs `Optimizer` for every rule of the chapter: the rule supplies the per-tensor update, this
 * class adds state slots, a learning-rate schedule, gradient clipping and iterate averaging, so it
 * works in `model.compile`/`fit` and `optimizer.minimize` like tfjs's own optimizers.
 */
import { fail, knownOptions, positive } from "../../args";
import * as tf from "@tensorflow/tfjs";
import { square } from "./elementwise";

/** tfjs-core's { name, tensor } pair (not re-exported by the tfjs umbrella package). */
type NamedTensor = { name: string; tensor: tf.Tensor };

/** What a rule sees for one tensor at one step. */
export interface StepContext {
  /** Learning rate of this step (the schedule's value when one is given). */
  lr: number;
  /** The same learning rate as a scalar tensor, made once per step for every tensor. */
  lrTensor: tf.Scalar;
  /** Steps taken by this tensor including this one (PyTorch's `step`, from 1). */
  t: number;
  /** Per-tensor float64 scalars the rule keeps between steps (ASGD's η and μ, NAdam's Πμ). */
  scalars: { [name: string]: number };
  /** A scalar tensor for a value that stays the same across steps (a hyperparameter): made once per optimizer. */
  c(value: number): tf.Scalar;
  /** A scalar tensor for a value of this step (bias corrections): shared by the step's tensors, then freed. */
  scalar(value: number): tf.Scalar;
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

/** The options every tfjs optimizer takes on top of its rule's hyperparameters. */
export const EXTRA_OPTION_NAMES = ["schedule", "clipNorm", "clipValue", "average"] as const;

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

/** Checks the tfjs-only options (the rule's own hyperparameters are src/optim's resolvers' business). */
export function checkExtraOptions(fn: string, extra: ExtraOptions): void {
  if (extra === null || typeof extra !== "object") fail(fn, "extra", "an object", extra);
  knownOptions(fn, extra, EXTRA_OPTION_NAMES);
  const { schedule, clipNorm, clipValue, average } = extra;
  if (schedule !== undefined && typeof schedule !== "function") fail(fn, "schedule", "a function step => lr", schedule);
  if (clipNorm !== undefined) positive(fn, "clipNorm", clipNorm);
  if (clipValue !== undefined) positive(fn, "clipValue", clipValue);
  if (average !== undefined && average !== "polyak") {
    const decay = (average as { ema?: unknown })?.ema;
    if (!(typeof decay === "number" && decay >= 0 && decay < 1)) {
      fail(fn, "average", `"polyak" or { ema: decay in [0, 1) }`, average);
    }
  }
}

/** Hyperparameter constants kept per optimizer; beyond this many distinct values, per-step scalars. */
const MAX_CONSTANTS = 64;
/** Name suffixes of the saved per-tensor bookkeeping (a slot name never starts with "~"). */
const STEP_SUFFIX = "~t";
const AVERAGE_SUFFIX = "~average";
const SCALAR_PREFIX = "~scalar:";

/** A float64 as two int32 words: an int32 tensor holds it exactly, a float32 one would round it. */
function float64Words(x: number): Int32Array {
  return new Int32Array(Float64Array.of(x).buffer);
}
function fromFloat64Words(words: ArrayLike<number>): number {
  return new Float64Array(Int32Array.from(words).buffer)[0];
}

export class DescentOptimizer extends tf.Optimizer {
  static get className(): string {
    return "DescentOptimizer";
  }
  private readonly states = new Map<string, TensorState>();
  private readonly constants = new Map<number, tf.Scalar>();

  constructor(
    readonly rule: TfRule,
    readonly lr: number,
    readonly extra: ExtraOptions = {},
  ) {
    super();
    checkExtraOptions(rule.name.startsWith("book.") ? `tf.${rule.name}` : `tf.optim.${rule.name}`, extra);
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

  private constant(value: number, perStep: Map<number, tf.Scalar>): tf.Scalar {
    const kept = this.constants.get(value);
    if (kept) return kept;
    if (this.constants.size >= MAX_CONSTANTS) return stepScalar(value, perStep);
    const made = tf.keep(tf.scalar(value));
    this.constants.set(value, made);
    return made;
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
      const perStep = new Map<number, tf.Scalar>();
      const lrTensor = stepScalar(lr, perStep);
      const c = (v: number) => this.constant(v, perStep);
      const scalar = (v: number) => stepScalar(v, perStep);
      let grads = live.map((p) => p.grad);
      if (this.extra.clipValue !== undefined) {
        const cv = this.extra.clipValue;
        grads = grads.map((g) => tf.clipByValue(g, -cv, cv));
      }
      if (this.extra.clipNorm !== undefined && grads.length > 0) {
        const total = tf.sqrt(tf.addN(grads.map((g) => tf.sum(square(g)))));
        const coef = tf.minimum(tf.div(c(this.extra.clipNorm), tf.add(total, c(1e-6))), c(1));
        grads = grads.map((g) => tf.mul(g, coef));
      }
      live.forEach(({ name }, i) => {
        const state = this.stateFor(name, registered[name], lr);
        const k: StepContext = { lr, lrTensor, t: state.t + 1, scalars: state.scalars, c, scalar };
        const current: { [name: string]: tf.Tensor } = {};
        for (const s of this.rule.slots) current[s] = state.slots[s];
        const out = this.rule.update(state.variable, grads[i], current, k);
        state.variable.assign(out.p);
        for (const s of this.rule.slots) state.slots[s].assign(out.slots[s]);
        state.t = k.t;
        if (state.average) this.updateAverage(state, c, scalar);
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

  private updateAverage(state: TensorState, c: (v: number) => tf.Scalar, scalar: (v: number) => tf.Scalar): void {
    const avg = state.average!;
    const p = this.theta(state);
    const a = this.extra.average!;
    // Polyak: the running mean of θ1..θt; EMA: a ← decay·a + (1 − decay)·θ, started at θ1.
    const weight = a === "polyak" ? scalar(1 / state.t) : state.t === 1 ? c(1) : c(1 - a.ema);
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

  /**
   * The whole state: the step count, then per variable its slots (`<variable>/<slot>`), its own step
   * count (`<variable>/~t`), its float64 scalars bit-exact as int32 word pairs, and its average.
   * `setWeights` of an optimizer made with the same options resumes exactly where this one stands.
   */
  async getWeights(): Promise<NamedTensor[]> {
    const out: NamedTensor[] = [await this.saveIterations()];
    for (const [name, state] of this.states) {
      for (const s of this.rule.slots) out.push({ name: `${name}/${s}`, tensor: state.slots[s] });
      out.push({ name: `${name}/${STEP_SUFFIX}`, tensor: tf.scalar(state.t, "int32") });
      for (const [key, value] of Object.entries(state.scalars)) {
        out.push({ name: `${name}/${SCALAR_PREFIX}${key}`, tensor: tf.tensor1d(float64Words(value), "int32") });
      }
      if (state.average) out.push({ name: `${name}/${AVERAGE_SUFFIX}`, tensor: state.average });
    }
    return out;
  }

  /**
   * Restores what `getWeights` returned (the variables themselves are restored separately, e.g. by
   * `model.setWeights`). Everything is checked before anything changes.
   */
  async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const fn = `${this.rule.name}.setWeights`;
    if (!Array.isArray(weightValues) || weightValues.length === 0) {
      throw new Error(`${fn}: parameter 'weightValues' must be the array getWeights() returned, got ${String(weightValues)}`);
    }
    const registered = tf.engine().registeredVariables;
    const byVariable = new Map<string, { slots: { [s: string]: tf.Tensor }; t?: number; scalars: { [k: string]: number }; average?: tf.Tensor }>();
    for (const { name, tensor } of weightValues.slice(1)) {
      const cut = name.lastIndexOf("/");
      const variable = name.slice(0, cut);
      const part = name.slice(cut + 1);
      const target = registered[variable];
      if (cut <= 0 || !target) throw new Error(`${fn}: parameter 'weightValues' must name registered tfjs variables, got '${name}'`);
      const entry = byVariable.get(variable) ?? { slots: {}, scalars: {} };
      byVariable.set(variable, entry);
      const sameShape = () => {
        if (!tf.util.arraysEqual(tensor.shape, target.shape)) {
          throw new Error(`${fn}: parameter 'weightValues' must hold '${name}' with the variable's shape [${target.shape}], got [${tensor.shape}]`);
        }
      };
      // Read with await (setWeights is async anyway): tfjs's webgpu backend cannot read synchronously.
      if (part === STEP_SUFFIX) entry.t = (await tensor.data())[0];
      else if (part === AVERAGE_SUFFIX) (sameShape(), (entry.average = tensor));
      else if (part.startsWith(SCALAR_PREFIX)) entry.scalars[part.slice(SCALAR_PREFIX.length)] = fromFloat64Words(await tensor.data());
      else if (this.rule.slots.includes(part)) (sameShape(), (entry.slots[part] = tensor));
      else throw new Error(`${fn}: parameter 'weightValues' must hold only this rule's slots (${this.rule.slots.join(", ")}), got '${name}'`);
    }
    for (const [variable, entry] of byVariable) {
      const missing = this.rule.slots.filter((s) => !entry.slots[s]);
      if (missing.length > 0 || entry.t === undefined || (this.extra.average !== undefined) !== (entry.average !== undefined)) {
        throw new Error(`${fn}: parameter 'weightValues' must hold every slot, the step count${this.extra.average ? " and the average" : ""} of '${variable}', got ${missing.length ? `no ${missing.join(", ")}` : "an incomplete set"}`);
      }
    }
    await this.extractIterations(weightValues);
    for (const [variable, entry] of byVariable) {
      const old = this.states.get(variable);
      if (old) this.disposeState(old);
      const slots: { [name: string]: tf.Variable } = {};
      for (const s of this.rule.slots) slots[s] = entry.slots[s].clone().variable(false);
      const average = entry.average ? entry.average.clone().variable(false) : undefined;
      this.states.set(variable, { variable: registered[variable], t: entry.t!, slots, scalars: { ...entry.scalars }, average });
    }
  }

  private disposeState(state: TensorState): void {
    for (const s of Object.values(state.slots)) s.dispose();
    state.average?.dispose();
  }

  dispose(): void {
    for (const state of this.states.values()) this.disposeState(state);
    this.states.clear();
    for (const c of this.constants.values()) c.dispose();
    this.constants.clear();
  }
}

/** A scalar of this step, shared by all tensors that ask for the same value. */
function stepScalar(value: number, perStep: Map<number, tf.Scalar>): tf.Scalar {
  let s = perStep.get(value);
  if (!s) perStep.set(value, (s = tf.scalar(value)));
  return s;
}
