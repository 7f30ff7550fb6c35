/**
 * The 8×8 handwritten digits (UCI optdigits test set, see data/README.md) as typed arrays, split by
 * class into train / test and, optionally, a validation set carved from the training part (8.1.2:
 * early stopping and any other choice made during training must never look at the test set).
 * The CSV comes through the platform: data/digits.csv in Node, `data/digits/digits.csv` from the site
 * in the browser, so loading is asynchronous in both: `const digits = await d.data.loadDigits({ seed: 0 })`.
 */
import Papa from "papaparse";
import { platform } from "../platform";
import { rng } from "../rng";

/** How the shipped CSV is named in `Digits.file` and found by the platform (data set "digits"). */
export const DIGITS_FILE = "data/digits.csv";
export const DIGIT_FEATURES = 64;
export const DIGIT_CLASSES = 10;
const PIXEL_MAX = 16;

export interface DigitsOptions {
  /** Seed of the split (default 0). */
  seed?: number;
  /** Share of each class held out for testing, in (0, 1) (default 0.2). */
  testFraction?: number;
  /**
   * Share of each class of the training part held out for validation, in [0, 1) (default 0: no
   * validation set). The test set does not depend on it; xTrain is what is left after the hold-out.
   */
  validationFraction?: number;
  /** Another CSV to read: a path in Node, a URL relative to the site in the browser (default: the shipped data/digits.csv). */
  file?: string;
}

export interface Digits {
  /** Row-major N×64 features: pixel counts 0–16 divided by 16, so every feature lies in [0, 1]. */
  xTrain: Float64Array;
  yTrain: Int32Array;
  xTest: Float64Array;
  yTest: Int32Array;
  /** The validation set (empty unless validationFraction > 0), stratified, from the training part. */
  xVal: Float64Array;
  yVal: Int32Array;
  /** For each train/validation/test example, its 0-based data row in the file (header excluded). */
  trainRows: Int32Array;
  valRows: Int32Array;
  testRows: Int32Array;
  nFeatures: number;
  nClasses: number;
  file: string;
}

interface Parsed {
  pixels: Float64Array;
  labels: Int32Array;
}

/** The CSV's text: the shipped file through the platform's data sets, or the file the caller named. */
async function readDigitsText(file: string | undefined): Promise<string> {
  let bytes: Uint8Array | null;
  if (file === undefined) {
    try {
      bytes = await platform().readDataFile("digits", "digits.csv");
    } catch (e) {
      throw new Error(`loadDigits: ${e instanceof Error ? e.message : String(e)}`);
    }
  } else {
    bytes = await platform().readFile(file);
    if (bytes === null) throw new Error(`loadDigits: data file not found: ${file}`);
  }
  return new TextDecoder("utf-8").decode(bytes);
}

/**
 * Checks and parses the CSV text of `file` (named in messages): a header `pixel_0..pixel_63,label`,
 * then integer pixels 0–16 and labels 0–9.
 */
export function parseDigitsCsv(text: string, file: string): Parsed {
  // papaparse tokenizes (quotes, CR/LF); every record is then checked here with its line number.
  if (text.trim() === "") throw new Error(`loadDigits: ${file} is empty, expected a header line and data rows`);
  // Blank lines are kept as records so that record i is line i + 1; only trailing ones are dropped.
  const parsed = Papa.parse<string[]>(text, { delimiter: ",", skipEmptyLines: false });
  const fatal = parsed.errors.find((e) => e.type === "Quotes");
  if (fatal) throw new Error(`loadDigits: ${file}:${(fatal.row ?? 0) + 1}: ${fatal.message}`);
  const lines = parsed.data;
  while (lines.length > 0 && lines[lines.length - 1].join("").trim() === "") lines.pop();
  const where = (i: number) => `${file}:${i + 1}`;
  const header = lines[0].map((s) => s.trim());
  const expected = [...Array.from({ length: DIGIT_FEATURES }, (_, j) => `pixel_${j}`), "label"];
  if (header.length !== expected.length || header.some((h, j) => h !== expected[j])) {
    throw new Error(`loadDigits: ${where(0)}: header must be pixel_0,…,pixel_63,label, got ${lines[0].join(",").slice(0, 80)}`);
  }
  const n = lines.length - 1;
  if (n === 0) throw new Error(`loadDigits: ${file} has a header but no data rows`);
  const pixels = new Float64Array(n * DIGIT_FEATURES);
  const labels = new Int32Array(n);
  for (let i = 1; i <= n; i++) {
    const cells = lines[i];
    if (cells.length !== DIGIT_FEATURES + 1) {
      throw new Error(`loadDigits: ${where(i)}: expected ${DIGIT_FEATURES + 1} comma-separated values, got ${cells.length}`);
    }
    for (let j = 0; j <= DIGIT_FEATURES; j++) {
      const text = cells[j].trim();
      const v = Number(text);
      const max = j < DIGIT_FEATURES ? PIXEL_MAX : DIGIT_CLASSES - 1;
      if (text === "" || !Number.isInteger(v) || v < 0 || v > max) {
        const what = j < DIGIT_FEATURES ? `pixel_${j} must be an integer in 0..${PIXEL_MAX}` : `label must be an integer in 0..${max}`;
        throw new Error(`loadDigits: ${where(i)}: ${what}, got '${text}'`);
      }
      if (j < DIGIT_FEATURES) pixels[(i - 1) * DIGIT_FEATURES + j] = v / PIXEL_MAX;
      else labels[i - 1] = v;
    }
  }
  return { pixels, labels };
}

/**
 * Stratified split: each class is shuffled with the seed and its first round(testFraction·n_c)
 * examples go to the test set, so both sets keep the class proportions. Rows stay in file order.
 */
export function stratifiedSplit(labels: ArrayLike<number>, testFraction: number, seed: number): { train: Int32Array; test: Int32Array } {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byClass.get(labels[i]);
    if (list) list.push(i);
    else byClass.set(labels[i], [i]);
  }
  const random = rng(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = random.shuffle(byClass.get(label)!.slice());
    const nTest = Math.round(testFraction * rows.length);
    test.push(...rows.slice(0, nTest));
    train.push(...rows.slice(nTest));
  }
  const sorted = (a: number[]) => Int32Array.from(a.sort((x, y) => x - y));
  return { train: sorted(train), test: sorted(test) };
}

/** Loads the digits with a seeded stratified train/test split (typed arrays, features in [0, 1]). */
export async function loadDigits(options: DigitsOptions = {}): Promise<Digits> {
  if (options === null || typeof options !== "object") {
    throw new Error(`loadDigits: parameter 'options' must be an object, got ${String(options)}`);
  }
  const { seed = 0, testFraction = 0.2, validationFraction = 0, file } = options;
  if (typeof seed !== "number" || !Number.isFinite(seed)) {
    throw new Error(`loadDigits: parameter 'seed' must be a finite number, got ${String(seed)}`);
  }
  if (typeof testFraction !== "number" || !(testFraction > 0 && testFraction < 1)) {
    throw new Error(`loadDigits: parameter 'testFraction' must be a number in (0, 1), got ${String(testFraction)}`);
  }
  if (typeof validationFraction !== "number" || !(validationFraction >= 0 && validationFraction < 1)) {
    throw new Error(`loadDigits: parameter 'validationFraction' must be a number in [0, 1), got ${String(validationFraction)}`);
  }
  if (file !== undefined && (typeof file !== "string" || file === "")) {
    throw new Error(`loadDigits: parameter 'file' must be a path string, got ${String(file)}`);
  }
  const { pixels, labels } = parseDigitsCsv(await readDigitsText(file), file ?? DIGITS_FILE);
  const { train: trainPart, test } = stratifiedSplit(labels, testFraction, seed);
  let train = trainPart;
  let val = new Int32Array(0);
  if (validationFraction > 0) {
    // A seed of its own, derived from `seed`, so the hold-out does not mirror the test split's shuffle.
    const inner = stratifiedSplit(Array.from(trainPart, (r) => labels[r]), validationFraction, rng(seed).int(2 ** 31));
    train = inner.train.map((i) => trainPart[i]);
    val = inner.test.map((i) => trainPart[i]);
  }
  const gather = (rows: Int32Array) => {
    const x = new Float64Array(rows.length * DIGIT_FEATURES);
    const y = new Int32Array(rows.length);
    rows.forEach((r, k) => {
      x.set(pixels.subarray(r * DIGIT_FEATURES, (r + 1) * DIGIT_FEATURES), k * DIGIT_FEATURES);
      y[k] = labels[r];
    });
    return { x, y };
  };
  const tr = gather(train);
  const te = gather(test);
  const va = gather(val);
  return {
    xTrain: tr.x,
    yTrain: tr.y,
    xTest: te.x,
    yTest: te.y,
    xVal: va.x,
    yVal: va.y,
    trainRows: train,
    valRows: val,
    testRows: test,
    nFeatures: DIGIT_FEATURES,
    nClasses: DIGIT_CLASSES,
    file: file ?? DIGITS_FILE,
  };
}
