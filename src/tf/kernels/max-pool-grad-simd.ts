/**
 * MaxPoolGrad for the pooling every small CNN uses (2×2 windows, stride 2, 'valid', even height and
 * width, channels a multiple of 4) as WebAssembly SIMD over tfjs-backend-wasm's memory, four channels
 * at a time. tfjs's rule, exactly: a window's maximum is found as `best = −∞; if (x > best) best = x`
 * in row-major order (f32x4.pmax is that comparison, NaN never wins), the first element equal to it
 * gets dy, and a window with no element above −∞ gets nothing. Windows do not overlap, so every
 * dx element is written once (dy or 0).
 *
 *   for each output row R (batch × pooled rows), pooled column q, channel quad c:
 *     a, b = x[2R, 2q], x[2R, 2q+1];  c', d = x[2R+1, 2q], x[2R+1, 2q+1]
 *     mx = pmax(pmax(pmax(pmax(−∞, a), b), c'), d);  ok = mx > −∞
 *     ma = a = mx ∧ ok;  mb = b = mx ∧ ok ∧ ¬ma;  mc = … ∧ ¬(ma ∨ mb);  md = … ∧ ¬(ma ∨ mb ∨ mc)
 *     dx[…] = dy[R, q, c] ∧ m…   (bitwise: dy or +0)
 */
import { I32, V128, op, simd } from "../../wasm/encoder";
import { perMemory, type WasmMemory } from "./run";

const v = {
  load: (offsetLocal: number[]) => [...offsetLocal, ...simd(0x00, 0, 0)],
  store: simd(0x0b, 0, 0),
  eq: simd(0x41),
  gt: simd(0x44),
  and: simd(0x4e),
  andnot: simd(0x4f),
  or: simd(0x50),
  pmax: simd(0xeb),
  negInf: [...simd(0x0c), ...Array.from({ length: 4 }, () => [0x00, 0x00, 0x80, 0xff]).flat()],
};

// params: x, dy, dx, rows, ow, cBytes, rowBytes; locals after them.
const [X, DY, DX, ROWS, OW, CB, ROWB] = [0, 1, 2, 3, 4, 5, 6];
const [R, Q, C, XP, DXP, DYP] = [7, 8, 9, 10, 11, 12];
const [A, B, CC, D, MX, OK, MA, MB, MC, TAKEN, NEGINF] = [13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];

function body(): number[] {
  const get = op.localGet;
  const set = op.localSet;
  const add = (...terms: number[][]) => terms.flatMap((t, i) => (i === 0 ? t : [...t, ...op.i32Add]));
  const at = (base: number, ...extra: number[][]) => add(get(base), get(C), ...extra);
  const code: number[] = [...v.negInf, ...set(NEGINF), ...get(X), ...set(XP), ...get(DX), ...set(DXP), ...get(DY), ...set(DYP)];
  code.push(...op.i32Const(0), ...set(R), ...op.block, ...op.loop, ...get(R), ...get(ROWS), ...op.i32GeU, ...op.brIf(1));
  code.push(...op.i32Const(0), ...set(Q), ...op.block, ...op.loop, ...get(Q), ...get(OW), ...op.i32GeU, ...op.brIf(1));
  code.push(...op.i32Const(0), ...set(C), ...op.block, ...op.loop, ...get(C), ...get(CB), ...op.i32GeU, ...op.brIf(1));
  code.push(
    ...v.load(at(XP)), ...set(A),
    ...v.load(at(XP, get(CB))), ...set(B),
    ...v.load(at(XP, get(ROWB))), ...set(CC),
    ...v.load(at(XP, get(ROWB), get(CB))), ...set(D),
    ...get(NEGINF), ...get(A), ...v.pmax, ...get(B), ...v.pmax, ...get(CC), ...v.pmax, ...get(D), ...v.pmax, ...set(MX),
    ...get(MX), ...get(NEGINF), ...v.gt, ...set(OK),
    ...get(A), ...get(MX), ...v.eq, ...get(OK), ...v.and, ...set(MA),
    ...get(B), ...get(MX), ...v.eq, ...get(OK), ...v.and, ...get(MA), ...v.andnot, ...set(MB),
    ...get(MA), ...get(MB), ...v.or, ...set(TAKEN),
    ...get(CC), ...get(MX), ...v.eq, ...get(OK), ...v.and, ...get(TAKEN), ...v.andnot, ...set(MC),
    ...get(TAKEN), ...get(MC), ...v.or, ...set(TAKEN),
    // the gradient of this quad, and its four destinations
    ...at(DXP), ...v.load(at(DYP)), ...get(MA), ...v.and, ...v.store,
    ...at(DXP, get(CB)), ...v.load(at(DYP)), ...get(MB), ...v.and, ...v.store,
    ...at(DXP, get(ROWB)), ...v.load(at(DYP)), ...get(MC), ...v.and, ...v.store,
    ...at(DXP, get(ROWB), get(CB)), ...v.load(at(DYP)), ...get(D), ...get(MX), ...v.eq, ...get(OK), ...v.and, ...get(TAKEN), ...v.andnot, ...v.and, ...v.store,
    ...get(C), ...op.i32Const(16), ...op.i32Add, ...set(C), ...op.br(0), ...op.end, ...op.end,
  );
  // next pooled column: two input pixels on, one dy pixel on
  code.push(
    ...get(XP), ...get(CB), ...get(CB), ...op.i32Add, ...op.i32Add, ...set(XP),
    ...get(DXP), ...get(CB), ...get(CB), ...op.i32Add, ...op.i32Add, ...set(DXP),
    ...get(DYP), ...get(CB), ...op.i32Add, ...set(DYP),
    ...get(Q), ...op.i32Const(1), ...op.i32Add, ...set(Q), ...op.br(0), ...op.end, ...op.end,
  );
  // next pooled row: skip the second input row of the pair
  code.push(
    ...get(XP), ...get(ROWB), ...op.i32Add, ...set(XP),
    ...get(DXP), ...get(ROWB), ...op.i32Add, ...set(DXP),
    ...get(R), ...op.i32Const(1), ...op.i32Add, ...set(R), ...op.br(0), ...op.end, ...op.end,
  );
  return code;
}

type PoolGradFn = (x: number, dy: number, dx: number, rows: number, ow: number, cBytes: number, rowBytes: number) => void;
const instance = perMemory<{ pool2: PoolGradFn }>(() => [
  { exportName: "pool2", params: [I32, I32, I32, I32, I32, I32, I32], locals: [I32, I32, I32, I32, I32, I32, ...Array(11).fill(V128)], body: body() },
]);

/**
 * dx for a 2×2, stride-2, 'valid' max-pool of x [n, h, w, c] (h, w even, c % 4 = 0) from dy
 * [n, h/2, w/2, c], all at byte offsets of `memory`; false where this path does not apply.
 */
export function maxPool2x2GradSimd(memory: WasmMemory, ptr: { x: number; dy: number; dx: number }, shape: number[]): boolean {
  const [n, h, w, c] = shape;
  if (h % 2 !== 0 || w % 2 !== 0 || c % 4 !== 0) return false;
  const fn = instance(memory)?.pool2;
  if (!fn) return false;
  fn(ptr.x, ptr.dy, ptr.dx, (n * h) / 2, w / 2, c * 4, w * c * 4);
  return true;
}
