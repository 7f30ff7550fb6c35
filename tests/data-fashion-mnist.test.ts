import { describe, it, expect, beforeAll, afterAll, afterEach } from "vitest";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { data } from "../src";

const ENV = "DESCENT_DATA_FASHION_MNIST";

/** An IDX file of unsigned bytes: magic 0x0000 08 <rank>, big-endian dims, then the bytes. */
function idx(dims: number[], body: Uint8Array, magic = 0x800 | dims.length): Uint8Array {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head.writeUInt32BE(magic, 0);
  dims.forEach((n, i) => head.writeUInt32BE(n, 4 + 4 * i));
  return new Uint8Array(Buffer.concat([head, Buffer.from(body)]));
}

/** Every folder tempDataDir made, removed after the file's tests (they used to pile up in /tmp). */
const tempDirs: string[] = [];

/** A folder with the four files, each (uncompressed) as given, gzip-compressed as the package ships them. */
function tempDataDir(files: Partial<Record<keyof typeof data.FASHION_FILES, Uint8Array>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-fashion-"));
  tempDirs.push(dir);
  const n = 20;
  const images = idx([n, 28, 28], Uint8Array.from({ length: n * 784 }, (_, i) => i % 256));
  const labels = idx([n], Uint8Array.from({ length: n }, (_, i) => i % 10));
  const all = { trainImages: images, trainLabels: labels, testImages: images, testLabels: labels, ...files };
  for (const [key, bytes] of Object.entries(all)) {
    fs.writeFileSync(path.join(dir, data.FASHION_FILES[key as keyof typeof data.FASHION_FILES]), zlib.gzipSync(bytes));
  }
  return dir;
}

afterEach(() => {
  delete process.env[ENV];
});

afterAll(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("loadFashionMnist on the Debian package's files", () => {
  let fm: data.FashionMnist;
  let held: data.FashionMnist;
  beforeAll(async () => {
    fm = await data.loadFashionMnist();
    held = await data.loadFashionMnist({ seed: 7, validationFraction: 0.1 });
  });

  it("holds the official 60,000 training and 10,000 test images, 784 pixels each", () => {
    expect(fm.xTrain).toBeInstanceOf(Float32Array);
    expect(fm.yTrain).toBeInstanceOf(Int32Array);
    expect(fm.yTrain.length).toBe(60000);
    expect(fm.xTrain.length).toBe(60000 * 784);
    expect(fm.yTest.length).toBe(10000);
    expect(fm.xTest.length).toBe(10000 * 784);
    expect(fm.yVal.length).toBe(0);
    expect(fm.xVal.length).toBe(0);
    expect(fm.nFeatures).toBe(784);
    expect(fm.nClasses).toBe(10);
    expect(fm.classNames).toEqual(["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]);
  });

  it("keeps file order: the first labels of both files, 6,000 and 1,000 images per class", () => {
    expect(Array.from(fm.yTrain.slice(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    expect(Array.from(fm.yTest.slice(0, 10))).toEqual([9, 2, 1, 1, 6, 1, 4, 6, 5, 7]);
    const count = (y: Int32Array) => y.reduce((c, v) => (c[v]++, c), new Array(10).fill(0));
    expect(count(fm.yTrain)).toEqual(new Array(10).fill(6000));
    expect(count(fm.yTest)).toEqual(new Array(10).fill(1000));
  });

  it("scales pixels to byte/255 in [0, 1], using the whole range", () => {
    let min = Infinity;
    let max = -Infinity;
    let offGrid = 0;
    for (let i = 0; i < fm.xTest.length; i++) {
      const v = fm.xTest[i];
      min = Math.min(min, v);
      max = Math.max(max, v);
      if (Math.fround(Math.round(v * 255) / 255) !== v) offGrid++;
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
    expect(offGrid).toBe(0);
  });

  it("holds out a stratified validation set: 600 per class, disjoint from train, together the whole file", () => {
    expect(held.yVal.length).toBe(6000);
    expect(held.yTrain.length).toBe(54000);
    expect(held.xVal.length).toBe(6000 * 784);
    const perClass = held.yVal.reduce((c, v) => (c[v]++, c), new Array(10).fill(0));
    expect(perClass).toEqual(new Array(10).fill(600));
    // Every image of the file lands in exactly one part: compare a fingerprint (pixel sum) multiset.
    const sums = (x: Float32Array, n: number) => Array.from({ length: n }, (_, i) => x.subarray(i * 784, (i + 1) * 784).reduce((s, v) => s + v, 0));
    const whole = sums(fm.xTrain, 60000).sort((a, b) => a - b);
    const parts = [...sums(held.xTrain, 54000), ...sums(held.xVal, 6000)].sort((a, b) => a - b);
    expect(parts).toEqual(whole);
    // The test set does not depend on the hold-out.
    expect(held.yTest).toEqual(fm.yTest);
  });

  it("is deterministic for a seed and differs between seeds", async () => {
    const again = await data.loadFashionMnist({ seed: 7, validationFraction: 0.1 });
    expect(again.yVal).toEqual(held.yVal);
    expect(again.xVal.subarray(0, 784 * 5)).toEqual(held.xVal.subarray(0, 784 * 5));
    const other = await data.loadFashionMnist({ seed: 8, validationFraction: 0.1 });
    expect(other.xVal.subarray(0, 784 * 50)).not.toEqual(held.xVal.subarray(0, 784 * 50));
  });

  it("returns fresh arrays each call (the cache holds the parsed bytes, not the caller's arrays)", async () => {
    const a = await data.loadFashionMnist();
    a.xTest[0] = 42;
    const b = await data.loadFashionMnist();
    expect(b.xTest[0]).toBe(0);
  });
});

describe("loadFashionMnist rejects bad options", () => {
  it.each([
    [{ validationFraction: 1 }, /loadFashionMnist: parameter 'validationFraction' must be a number in \[0, 1\), got 1/],
    [{ validationFraction: -0.1 }, /'validationFraction'.*got -0.1/],
    [{ validationFraction: "0.2" }, /'validationFraction'.*got "0.2"/],
    [{ seed: NaN }, /loadFashionMnist: parameter 'seed' must be a finite number, got NaN/],
    [{ seed: "1" }, /'seed'.*got "1"/],
    [{ validationFration: 0.1 }, /loadFashionMnist: parameter 'validationFration' must be one of the known options/],
    [5, /loadFashionMnist: parameter 'options' must be an object, got 5/],
  ])("%j", async (options, message) => {
    await expect(data.loadFashionMnist(options as never)).rejects.toThrow(message);
  });
});

describe("loadFashionMnist rejects missing and corrupt files", () => {
  it("reads a folder named by DESCENT_DATA_FASHION_MNIST (a small valid set)", async () => {
    process.env[ENV] = tempDataDir({});
    const small = await data.loadFashionMnist();
    expect(small.yTrain.length).toBe(20);
    expect(Array.from(small.yTest.slice(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(small.xTrain[1]).toBeCloseTo(1 / 255, 7);
  });

  it("names the missing file and the Debian package", async () => {
    const dir = tempDataDir({});
    fs.unlinkSync(path.join(dir, "t10k-labels-idx1-ubyte.gz"));
    process.env[ENV] = dir;
    await expect(data.loadFashionMnist()).rejects.toThrow(/t10k-labels-idx1-ubyte\.gz.*dataset-fashion-mnist/);
  });

  it("names a file that is not gzip", async () => {
    const dir = tempDataDir({});
    fs.writeFileSync(path.join(dir, "train-labels-idx1-ubyte.gz"), "not gzip");
    process.env[ENV] = dir;
    await expect(data.loadFashionMnist()).rejects.toThrow(/train-labels-idx1-ubyte\.gz is not a valid gzip file/);
  });

  const images = (n: number) => idx([n, 28, 28], new Uint8Array(n * 784));
  const labels = (values: number[]) => idx([values.length], Uint8Array.from(values));
  it.each([
    ["a wrong magic number", { trainImages: idx([20, 28, 28], new Uint8Array(20 * 784), 0x00000801) }, /train-images-idx3-ubyte\.gz: not an IDX file of 3-D unsigned bytes: magic number 0x00000801, expected 0x00000803/],
    ["a truncated image file", { testImages: images(20).subarray(0, 16 + 19 * 784 + 5) }, /t10k-images-idx3-ubyte\.gz: truncated: the header declares 20 × 28 × 28 = 15680 bytes of data, the file holds 14901/],
    ["a truncated header", { testLabels: new Uint8Array([0, 0, 8]) }, /t10k-labels-idx1-ubyte\.gz: truncated IDX header/],
    ["trailing bytes", { trainLabels: new Uint8Array([...labels(new Array(20).fill(1)), 0]) }, /train-labels-idx1-ubyte\.gz: 1 bytes after/],
    ["images that are not 28 × 28", { trainImages: idx([20, 27, 29], new Uint8Array(20 * 27 * 29)) }, /images must be 28 × 28, the header says 27 × 29/],
    ["a count mismatch", { trainLabels: labels(new Array(19).fill(0)) }, /train-labels-idx1-ubyte\.gz holds 19 labels but train-images-idx3-ubyte\.gz holds 20 images/],
    ["a label outside 0–9", { testLabels: labels([...new Array(19).fill(0), 10]) }, /t10k-labels-idx1-ubyte\.gz: label 10 at index 19 is outside 0–9/],
  ])("%s", async (_, files, message) => {
    process.env[ENV] = tempDataDir(files as never);
    await expect(data.loadFashionMnist()).rejects.toThrow(message);
  });

  it("parses in-memory IDX bytes (the parser alone)", () => {
    const parsed = data.parseIdx(labels([3, 1, 4]), 1, "x");
    expect(parsed.dims).toEqual([3]);
    expect(Array.from(parsed.data)).toEqual([3, 1, 4]);
  });
});
