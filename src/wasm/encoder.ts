/**
 * The few pieces of the WebAssembly binary format (core spec §5, SIMD proposal) that the library's
 * SIMD kernels are written in (src/optim/accelerated/wasm/, src/tf/kernels/): LEB128 integers,
 * names, sections, and a module with one imported memory.
 */

export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Unsigned LEB128 (spec §5.2.2): 7 bits per byte, high bit set on all but the last. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128, for i32.const immediates. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function name(s: string): number[] {
  const bytes = Array.from(s, (ch) => ch.charCodeAt(0));
  return [...uleb(bytes.length), ...bytes];
}

function vec(items: number[][]): number[] {
  const out = uleb(items.length);
  for (const item of items) out.push(...item);
  return out;
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

/** Core instructions used by the kernel (spec §5.4). */
export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  /** if (no result) on the i32 on the stack; closed by `end`. */
  if_: [0x04, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  i32Const: (v: number) => [0x41, ...sleb(v)],
  i32Eqz: [0x45],
  i32GeU: [0x4f],
  i32Add: [0x6a],
  i32Mul: [0x6c],
  i32And: [0x71],
  /** select: cond ? a : b, with a, b, cond (i32) on the stack. */
  select: [0x1b],
};

/**
 * `for (counter = 0; counter < limit (unsigned); …) {`: a block, a loop and the exit test, with `counter`
 * and `limit` locals; closed by `loopNext`.
 */
export function loopFrom0(counter: number, limit: number): number[] {
  return [...op.i32Const(0), ...op.localSet(counter), ...op.block, ...op.loop, ...op.localGet(counter), ...op.localGet(limit), ...op.i32GeU, ...op.brIf(1)];
}

/** `counter += step; }`: closes a loop opened by loopFrom0 (`step`: instructions that push the increment). */
export function loopNext(counter: number, step: number[] = op.i32Const(1)): number[] {
  return [...op.localGet(counter), ...step, ...op.i32Add, ...op.localSet(counter), ...op.br(0), ...op.end, ...op.end];
}

/** Scalar float64 instructions (spec §5.4.6–7); memarg: alignment exponent 3, offset 0. */
export const f64 = {
  load: [0x2b, 3, 0],
  store: [0x39, 3, 0],
  /** f64.load at a constant byte offset. */
  loadAt: (offset: number) => [0x2b, 3, ...uleb(offset)],
  /** f64.const: the value's eight little-endian bytes. */
  const: (value: number) => [0x44, ...new Uint8Array(Float64Array.of(value).buffer)],
  eq: [0x61],
  gt: [0x64],
  neg: [0x9a],
  sqrt: [0x9f],
  add: [0xa0],
  sub: [0xa1],
  mul: [0xa2],
  div: [0xa3],
};

/** SIMD instructions: prefix 0xfd, then the opcode as unsigned LEB128 (SIMD proposal, binary opcodes table). */
export const simd = (code: number, ...imm: number[]) => [0xfd, ...uleb(code), ...imm];
/**
 * float32 lanes as the product tiles use them (src/tf/kernels/long-product-simd.ts, bench/simd-peak.ts); memarg:
 * alignment exponent 4 (16 bytes) for whole vectors, 2 for the splat of one float, offset in bytes.
 */
export const f32x4 = {
  load: (offset = 0) => simd(0x00, 4, ...uleb(offset)),
  store: (offset = 0) => simd(0x0b, 4, ...uleb(offset)),
  /** v128.load32_splat: one float32 from memory into all four lanes. */
  load32Splat: (offset = 0) => simd(0x09, 2, ...uleb(offset)),
  add: simd(0xe4),
  mul: simd(0xe6),
};

export const v128 = {
  /** memarg: alignment exponent 3 (8-byte, what a Float64Array view guarantees), offset 0. */
  load: simd(0x00, 3, 0),
  store: simd(0x0b, 3, 0),
  /** v128.load64_splat at a constant byte offset: one float64 from memory into both lanes. */
  load64Splat: (offset: number) => simd(0x0a, 3, ...uleb(offset)),
  and: simd(0x4e),
  or: simd(0x50),
  bitselect: simd(0x52),
  anyTrue: simd(0x53),
  f64x2Splat: simd(0x14),
  f64x2ExtractLane: (lane: number) => simd(0x21, lane),
  f64x2Eq: simd(0x47),
  f64x2Ne: simd(0x48),
  f64x2Gt: simd(0x4a),
  f64x2Abs: simd(0xec),
  f64x2Neg: simd(0xed),
  f64x2Sqrt: simd(0xef),
  f64x2Add: simd(0xf0),
  f64x2Sub: simd(0xf1),
  f64x2Mul: simd(0xf2),
  f64x2Div: simd(0xf3),
  /** Relaxed SIMD: a·b + c and −(a·b) + c (a, b, c on the stack), with one rounding where the engine fuses them, two otherwise. */
  f64x2RelaxedMadd: simd(0x107),
  f64x2RelaxedNmadd: simd(0x108),
  /**
   * Relaxed SIMD's lane select: a where the mask is set, else b (a, b, mask on the stack). Relaxed only
   * for a mask lane of mixed bits; for a comparison's mask (lanes all ones or all zeros) it is
   * v128.bitselect, in one x86 instruction (blendvpd) instead of three.
   */
  i64x2RelaxedLaneselect: simd(0x10c),
};

export interface FunctionSpec {
  exportName: string;
  params: number[];
  results?: number[];
  /** Extra locals, one value type each. */
  locals: number[];
  /** The instructions, without the final `end`. */
  body: number[];
}

/** A module importing `env.memory` and exporting the given functions (one type per function). */
export function moduleBytes(functions: FunctionSpec[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec((f.results ?? []).map((t) => [t]))]);
  const memoryImport = [...name("env"), ...name("memory"), 0x02, 0x00, ...uleb(0)];
  const funcIndices = functions.map((_, i) => uleb(i));
  const exportEntries = functions.map((f, i) => [...name(f.exportName), 0x00, ...uleb(i)]);
  const bodies = functions.map((f) => {
    const locals = vec(f.locals.map((t) => [...uleb(1), t]));
    const body = [...locals, ...f.body, ...op.end];
    return [...uleb(body.length), ...body];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec([memoryImport])),
    ...section(3, vec(funcIndices)),
    ...section(7, vec(exportEntries)),
    ...section(10, vec(bodies)),
  ]);
}
