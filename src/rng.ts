import seedrandom from "seedrandom";

/** A seeded generator: calling it gives a uniform draw in [0, 1). */
export type Rng = (() => number) & {
  /** Standard normal draw (Marsaglia's polar method; pairs are cached). */
  normal(): number;
  /** Shuffles `a` in place (Fisher–Yates) and returns it. */
  shuffle<T>(a: T[]): T[];
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform draw in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** A new generator whose stream is determined by this one's (for independent sub-streams). */
  fork(): Rng;
  /** The seed it was created with. */
  readonly seed: number;
};

/**
 * A seeded random generator (Alea from the `seedrandom` package): the only source of
 * randomness in Descent, so every notebook re-runs to identical outputs.
 */
export function rng(seed: number): Rng {
  if (typeof seed !== "number" || !Number.isFinite(seed)) {
    throw new Error(`rng: parameter 'seed' must be a finite number, got ${String(seed)}`);
  }
  const uniform = seedrandom.alea(String(seed));
  let spare: number | null = null;
  const r = (() => uniform()) as Rng;
  r.normal = () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const k = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * k;
    return u * k;
  };
  r.int = (n: number) => {
    if (!Number.isInteger(n) || n <= 0) {
      throw new Error(`rng.int: parameter 'n' must be a positive integer, got ${String(n)}`);
    }
    return Math.floor(uniform() * n);
  };
  r.uniform = (lo: number, hi: number) => lo + (hi - lo) * uniform();
  r.shuffle = <T>(a: T[]): T[] => {
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(uniform() * (i + 1));
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  };
  r.fork = () => rng(Math.floor(uniform() * 2 ** 52));
  Object.defineProperty(r, "seed", { value: seed, enumerable: true });
  return r;
}
