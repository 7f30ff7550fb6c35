/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017; MIT licence): 70,000 grey 28×28 images of clothing in 10
 * classes, the real data of the chapter's heavy cells. Read through the platform (Node: the files of
 * Debian's `dataset-fashion-mnist`; browser: the site's static copies), parsed from the IDX format here
 * with strict checks, and cached per process, so a notebook that loads it twice pays once.
 */
import { fail, finite, knownOptions } from "../args";
import { platform } from "../platform";
import { rng } from "../rng";

export const FASHION_FEATURES = 784;
export const FASHION_CLASSES = 10;
export const FASHION_CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
export const FASHION_DATASET = "fashion-mnist";
export const FASHION_PACKAGE = "dataset-fashion-mnist";
export const FASHION_FILES = {
  trainImages: "train-images-idx3-ubyte.gz",
  trainLabels: "train-labels-idx1-ubyte.gz",
  testImages: "t10k-images-idx3-ubyte.gz",
  testLabels: "t10k-labels-idx1-ubyte.gz",
} as const;

export interface FashionMnistOptions {
  /** Seed of the validation hold-out (default 0). */
  seed?: number;
  /** Share of each class of the official training set held out for validation, in [0, 1) (default 0). */
  validationFraction?: number;
}

export interface FashionMnist {
  /** Rows of 784 pixels, byte / 255: the official 60,000 training images minus the hold-out, in file order. */
  xTrain: Float32Array;
  yTrain: Int32Array;
  /** The seeded, stratified hold-out from the training file (empty when validationFraction = 0), in file order. */
  xVal: Float32Array;
  yVal: Int32Array;
  /** The official 10,000 test images, in file order. */
  xTest: Float32Array;
  yTest: Int32Array;
  nFeatures: 784;
  nClasses: 10;
  classNames: string[];
}

/** One IDX file's payload: the raw bytes after the header and the dimensions it declared. */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const IDX_UBYTE = 0x08;

/**
 * Parses an uncompressed IDX file of unsigned bytes (LeCun's MNIST format: magic 0x0000 08 <rank>,
 * then `rank` big-endian 32-bit sizes, then the bytes). `rank` is the expected number of dimensions
 * (3 for images, 1 for labels); `file` names the file in error messages.
 */
export function parseIdx(bytes: Uint8Array, rank: number, file: string): IdxArray {
  const where = `loadFashionMnist: ${file}`;
  const header = 4 + 4 * rank;
  if (bytes.length < header) throw new Error(`${where}: truncated IDX header: ${bytes.length} bytes, expected at least ${header}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const expected = (IDX_UBYTE << 8) | rank;
  if (magic !== expected) {
    throw new Error(`${where}: not an IDX file of ${rank}-D unsigned bytes: magic number 0x${magic.toString(16).padStart(8, "0")}, expected 0x${expected.toString(16).padStart(8, "0")}`);
  }
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((p, n) => p * n, 1);
  if (bytes.length - header < size) {
    throw new Error(`${where}: truncated: the header declares ${dims.join(" × ")} = ${size} bytes of data, the file holds ${bytes.length - header}`);
  }
  if (bytes.length - header > size) {
    throw new Error(`${where}: ${bytes.length - header - size} bytes after the ${dims.join(" × ")} declared by the header`);
  }
  return { dims, data: bytes.subarray(header) };
}

/** Checks an image file and its label file against each other and returns pixels (bytes) and labels. */
export function parseImagesAndLabels(imageBytes: Uint8Array, labelBytes: Uint8Array, imageFile: string, labelFile: string): { pixels: Uint8Array; labels: Int32Array } {
  const images = parseIdx(imageBytes, 3, imageFile);
  const labels = parseIdx(labelBytes, 1, labelFile);
  const [n, rows, cols] = images.dims;
  if (rows !== 28 || cols !== 28) throw new Error(`loadFashionMnist: ${imageFile}: images must be 28 × 28, the header says ${rows} × ${cols}`);
  if (labels.dims[0] !== n) throw new Error(`loadFashionMnist: ${labelFile} holds ${labels.dims[0]} labels but ${imageFile} holds ${n} images`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = labels.data[i];
    if (label >= FASHION_CLASSES) throw new Error(`loadFashionMnist: ${labelFile}: label ${label} at index ${i} is outside 0–${FASHION_CLASSES - 1}`);
    out[i] = label;
  }
  return { pixels: images.data, labels: out };
}

interface Parsed {
  train: { pixels: Uint8Array; labels: Int32Array };
  test: { pixels: Uint8Array; labels: Int32Array };
}

// Keyed by the platform's data location so a test that points DESCENT_DATA_FASHION_MNIST elsewhere gets its own files.
const cache = new Map<string, Promise<Parsed>>();

async function readGz(file: string): Promise<Uint8Array> {
  const p = platform();
  const compressed = await p.readDataFile(FASHION_DATASET, file);
  try {
    return await p.gunzip(compressed);
  } catch (e) {
    throw new Error(`loadFashionMnist: ${file} is not a valid gzip file (${e instanceof Error ? e.message : String(e)}); reinstall the Debian package '${FASHION_PACKAGE}'`);
  }
}

async function readAll(): Promise<Parsed> {
  const f = FASHION_FILES;
  const [ti, tl, si, sl] = await Promise.all([readGz(f.trainImages), readGz(f.trainLabels), readGz(f.testImages), readGz(f.testLabels)]);
  return {
    train: parseImagesAndLabels(ti, tl, f.trainImages, f.trainLabels),
    test: parseImagesAndLabels(si, sl, f.testImages, f.testLabels),
  };
}

/**
 * Stratified hold-out: each class's indices are shuffled with the seed and the first
 * round(fraction·n_c) are held out. Both parts are returned in increasing (file) order.
 */
export function stratifiedHoldout(labels: Int32Array, fraction: number, seed: number): { keep: Int32Array; held: Int32Array } {
  const byClass: number[][] = Array.from({ length: FASHION_CLASSES }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i);
  const random = rng(seed);
  const held: number[] = [];
  for (const rows of byClass) held.push(...random.shuffle(rows).slice(0, Math.round(fraction * rows.length)));
  const isHeld = new Uint8Array(labels.length);
  held.forEach((i) => (isHeld[i] = 1));
  const keep = new Int32Array(labels.length - held.length);
  const out = new Int32Array(held.length);
  let k = 0;
  let h = 0;
  for (let i = 0; i < labels.length; i++) {
    if (isHeld[i]) out[h++] = i;
    else keep[k++] = i;
  }
  return { keep, held: out };
}

// byte / 255 as float32, looked up instead of divided: 55 million pixels per load.
const BYTE_TO_UNIT = Float32Array.from({ length: 256 }, (_, b) => b / 255);

function gather(pixels: Uint8Array, labels: Int32Array, rows: Int32Array | null): { x: Float32Array; y: Int32Array } {
  const n = rows ? rows.length : labels.length;
  const x = new Float32Array(n * FASHION_FEATURES);
  const y = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const r = rows ? rows[k] : k;
    const src = r * FASHION_FEATURES;
    const dst = k * FASHION_FEATURES;
    for (let j = 0; j < FASHION_FEATURES; j++) x[dst + j] = BYTE_TO_UNIT[pixels[src + j]];
    y[k] = labels[r];
  }
  return { x, y };
}

/**
 * Loads Fashion-MNIST: the official training and test files, with an optional seeded, stratified
 * validation hold-out from the training file. Every call returns fresh arrays (callers may modify them).
 */
export async function loadFashionMnist(options: FashionMnistOptions = {}): Promise<FashionMnist> {
  const fn = "loadFashionMnist";
  const given = knownOptions(fn, options, ["seed", "validationFraction"]);
  const seed = given.seed === undefined ? 0 : finite(fn, "seed", given.seed);
  const fraction = given.validationFraction === undefined ? 0 : given.validationFraction;
  if (typeof fraction !== "number" || !(fraction >= 0 && fraction < 1)) fail(fn, "validationFraction", "a number in [0, 1)", fraction);
  const key = platform().setting("DESCENT_DATA_FASHION_MNIST") ?? "";
  let parsed = cache.get(key);
  if (!parsed) {
    parsed = readAll();
    cache.set(key, parsed);
    // A failed read is not cached: installing the package and calling again works.
    parsed.catch(() => cache.get(key) === parsed && cache.delete(key));
  }
  const { train, test } = await parsed;
  const split = fraction > 0 ? stratifiedHoldout(train.labels, fraction, seed) : null;
  const tr = gather(train.pixels, train.labels, split ? split.keep : null);
  const va = split ? gather(train.pixels, train.labels, split.held) : { x: new Float32Array(0), y: new Int32Array(0) };
  const te = gather(test.pixels, test.labels, null);
  return {
    xTrain: tr.x,
    yTrain: tr.y,
    xVal: va.x,
    yVal: va.y,
    xTest: te.x,
    yTest: te.y,
    nFeatures: FASHION_FEATURES,
    nClasses: FASHION_CLASSES,
    classNames: FASHION_CLASS_NAMES.slice(),
  };
}
