import { describe, it, expect } from "vitest";
import { tf as dtf } from "../src";

const tf = dtf.tf;

describe("wasm BatchMatMul with transposed operands (explicit transpose, then the fast kernel)", () => {
  it("matches a plain float64 triple loop for every transpose combination, batched and broadcast, without leaking", async () => {
    await dtf.ready({ backend: "wasm" });
    const a = tf.randomNormal([2, 5, 7], 0, 1, "float32", 1);
    const b = tf.randomNormal([2, 7, 3], 0, 1, "float32", 2);
    const A = a.arraySync() as number[][][];
    const B = b.arraySync() as number[][][];
    const want = A.map((Ak, k) => Ak.map((row) => [0, 1, 2].map((j) => row.reduce((s, v, l) => s + v * B[k][l][j], 0))));
    const before = tf.memory().numTensors;
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
      const x = ta ? tf.transpose(a, [0, 2, 1]) : a;
      const y = tb ? tf.transpose(b, [0, 2, 1]) : b;
      const got = tf.matMul(x, y, ta, tb);
      const g = got.arraySync() as number[][][];
      for (let k = 0; k < 2; k++) for (let i = 0; i < 5; i++) for (let j = 0; j < 3; j++) expect(Math.abs(g[k][i][j] - want[k][i][j])).toBeLessThan(1e-5);
      tf.dispose([got, ...(ta ? [x] : []), ...(tb ? [y] : [])]);
    }
    // A 2-D left operand broadcast against a batch of right operands.
    const m = tf.randomNormal([7, 5], 0, 1, "float32", 3);
    const out = tf.matMul(m, b, true, false);
    const got = out.arraySync() as number[][][];
    const M = m.arraySync() as number[][];
    for (let k = 0; k < 2; k++) for (let i = 0; i < 5; i++) for (let j = 0; j < 3; j++) {
      const s = M.reduce((acc, row, l) => acc + row[i] * B[k][l][j], 0);
      expect(Math.abs(got[k][i][j] - s)).toBeLessThan(1e-5);
    }
    tf.dispose([m, out]);
    expect(tf.memory().numTensors).toBe(before);
    await dtf.ready({ backend: "cpu" });
  });
});
