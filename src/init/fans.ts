import { checkShape } from "./validate";

/** fan-in and fan-out of a weight, with the receptive field folded in for convolution shapes. */
export interface Fans {
  fanIn: number;
  fanOut: number;
  /** Product of the kernel dimensions (1 for a dense weight). */
  receptiveField: number;
}

/**
 * PyTorch's `_calculate_fan_in_and_fan_out`: a weight of shape `[out, in, ...kernel]` has
 * fanIn = in·∏kernel and fanOut = out·∏kernel (a dense `[fanOut, fanIn]` weight is the kernel-less case).
 */
export function computeFans(shape: readonly number[]): Fans {
  const s = checkShape("init.computeFans", shape, 2);
  let receptiveField = 1;
  for (let i = 2; i < s.length; i++) receptiveField *= s[i];
  return { fanIn: s[1] * receptiveField, fanOut: s[0] * receptiveField, receptiveField };
}

/** Rows and columns of the returned matrix: conv weights come back as PyTorch's `weight.view(out, -1)`. */
export function matrixDims(shape: readonly number[]): [number, number] {
  let cols = 1;
  for (let i = 1; i < shape.length; i++) cols *= shape[i];
  return [shape[0], cols];
}
