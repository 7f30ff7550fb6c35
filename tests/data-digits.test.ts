import { beforeAll, describe, it, expect } from "vitest";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { data } from "../src";
import { platform } from "../src/platform";

const header = [...Array.from({ length: 64 }, (_, j) => `pixel_${j}`), "label"].join(",");
const row = (label: number, pixel = 3) => [...Array(64).fill(pixel), label].join(",");
function tempCsv(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-digits-"));
  const file = path.join(dir, "d.csv");
  fs.writeFileSync(file, text);
  return file;
}

const digitsCsv = path.resolve(__dirname, "../data/digits.csv");
let d: data.Digits;
beforeAll(async () => {
  d = await data.loadDigits({ seed: 1 });
});

describe("loadDigits", () => {
  it("reads the shipped CSV through the platform (data set 'digits'), asynchronously as in the browser", async () => {
    const bytes = await platform().readDataFile("digits", "digits.csv");
    expect(Buffer.from(bytes).equals(fs.readFileSync(digitsCsv))).toBe(true);
    expect(d.file).toBe(data.DIGITS_FILE);
    expect(data.loadDigits({ seed: 1 })).toBeInstanceOf(Promise);
  });

  it("returns typed arrays with every shipped row exactly once", async () => {
    expect(d.xTrain).toBeInstanceOf(Float64Array);
    expect(d.yTrain).toBeInstanceOf(Int32Array);
    expect(d.yTrain.length + d.yTest.length).toBe(1797);
    expect(d.xTrain.length).toBe(d.yTrain.length * 64);
    expect(d.xTest.length).toBe(d.yTest.length * 64);
    const all = [...d.trainRows, ...d.testRows].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1797 }, (_, i) => i));
  });

  it("scales pixels by 1/16 and keeps rows aligned with labels (checked against the raw CSV)", async () => {
    const lines = fs.readFileSync(digitsCsv, "utf8").trim().split("\n").slice(1);
    for (const k of [0, 17, d.testRows.length - 1]) {
      const cells = lines[d.testRows[k]].split(",").map(Number);
      expect(d.yTest[k]).toBe(cells[64]);
      for (let j = 0; j < 64; j++) expect(d.xTest[k * 64 + j]).toBe(cells[j] / 16);
    }
    expect(Math.min(...d.xTrain)).toBe(0);
    expect(Math.max(...d.xTrain)).toBe(1);
  });

  it("is stratified: each class's test share is round(testFraction · n_class)", async () => {
    for (const f of [0.2, 0.3]) {
      const s = await data.loadDigits({ seed: 7, testFraction: f });
      const count = (y: Int32Array, c: number) => y.reduce((n, v) => n + (v === c ? 1 : 0), 0);
      for (let c = 0; c < 10; c++) {
        const total = count(s.yTrain, c) + count(s.yTest, c);
        expect(count(s.yTest, c)).toBe(Math.round(f * total));
      }
    }
    expect(d.yTest.length).toBe(359);
  });

  it("is deterministic in the seed and changes with it", async () => {
    const again = await data.loadDigits({ seed: 1 });
    expect(again.testRows).toEqual(d.testRows);
    expect((await data.loadDigits({ seed: 2 })).testRows).not.toEqual(d.testRows);
  });

  it("carves a stratified, seeded validation set from the training part only; the test set does not move", async () => {
    const v = await data.loadDigits({ seed: 1, validationFraction: 0.25 });
    expect(v.testRows).toEqual(d.testRows);
    expect(d.yVal.length).toBe(0);
    expect(d.valRows.length).toBe(0);
    const trainBefore = new Set(d.trainRows);
    expect([...v.valRows].every((r) => trainBefore.has(r))).toBe(true);
    expect([...v.trainRows, ...v.valRows].sort((a, b) => a - b)).toEqual([...d.trainRows]);
    const count = (y: Int32Array, c: number) => y.reduce((n, x) => n + (x === c ? 1 : 0), 0);
    for (let c = 0; c < 10; c++) expect(count(v.yVal, c)).toBe(Math.round(0.25 * count(d.yTrain, c)));
    // Rows and features stay aligned with the file.
    const lines = fs.readFileSync(digitsCsv, "utf8").trim().split("\n").slice(1);
    for (const k of [0, v.valRows.length - 1]) {
      const cells = lines[v.valRows[k]].split(",").map(Number);
      expect(v.yVal[k]).toBe(cells[64]);
      expect(Array.from(v.xVal.subarray(k * 64, k * 64 + 64))).toEqual(cells.slice(0, 64).map((p) => p / 16));
    }
    expect((await data.loadDigits({ seed: 1, validationFraction: 0.25 })).valRows).toEqual(v.valRows);
    expect((await data.loadDigits({ seed: 2, validationFraction: 0.25 })).valRows).not.toEqual(v.valRows);
    await expect(data.loadDigits({ validationFraction: 1 })).rejects.toThrow("loadDigits: parameter 'validationFraction' must be a number in [0, 1), got 1");
  });

  it("rejects bad options with the parameter name", async () => {
    await expect(data.loadDigits({ testFraction: 1 })).rejects.toThrow("loadDigits: parameter 'testFraction' must be a number in (0, 1), got 1");
    await expect(data.loadDigits({ seed: NaN })).rejects.toThrow("parameter 'seed'");
  });

  it("names the file when it is missing", async () => {
    const file = path.join(os.tmpdir(), "descent-no-such-dir", "digits.csv");
    await expect(data.loadDigits({ file })).rejects.toThrow(`loadDigits: data file not found: ${file}`);
  });

  it("names the file and line of a malformed row", async () => {
    const short = tempCsv([header, row(1), row(2), "1,2,3"].join("\n") + "\n");
    await expect(data.loadDigits({ file: short })).rejects.toThrow(`${short}:4: expected 65 comma-separated values, got 3`);
    const badPixel = tempCsv([header, row(1), row(2, 17)].join("\n"));
    await expect(data.loadDigits({ file: badPixel })).rejects.toThrow(`${badPixel}:3: pixel_0 must be an integer in 0..16, got '17'`);
    const badLabel = tempCsv([header, row(1), row(2), [...Array(64).fill(0), "x"].join(",")].join("\n"));
    await expect(data.loadDigits({ file: badLabel })).rejects.toThrow(`${badLabel}:4: label must be an integer in 0..9, got 'x'`);
    const badHeader = tempCsv(["a,b", row(1)].join("\n"));
    await expect(data.loadDigits({ file: badHeader })).rejects.toThrow(`${badHeader}:1: header must be`);
    const empty = tempCsv("");
    await expect(data.loadDigits({ file: empty })).rejects.toThrow(`${empty} is empty`);
  });

  it("reads a small well-formed file", async () => {
    const rows = [header];
    for (let i = 0; i < 20; i++) rows.push(row(i % 2, i % 17));
    const s = await data.loadDigits({ file: tempCsv(rows.join("\r\n")), testFraction: 0.5, seed: 3 });
    expect(s.yTest.length).toBe(10);
    expect(s.yTest.reduce((a, b) => a + b, 0)).toBe(5);
  });
});
