import { show } from "../args";

/** Nonlinearities known to `calculateGain` (PyTorch's names). */
export type Nonlinearity =
  | "linear"
  | "conv1d"
  | "conv2d"
  | "conv3d"
  | "conv_transpose1d"
  | "conv_transpose2d"
  | "conv_transpose3d"
  | "sigmoid"
  | "tanh"
  | "relu"
  | "leaky_relu"
  | "selu";

const UNIT_GAIN = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid"];

/**
 * The factor that restores unit variance after a nonlinearity (torch.nn.init.calculate_gain, PyTorch 1.13):
 * 1 for linear/conv/sigmoid, 5/3 for tanh, √2 for relu, √(2/(1+slope²)) for leaky_relu (slope `param`,
 * default 0.01), 3/4 for selu.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  const fn = "init.calculateGain";
  if (UNIT_GAIN.includes(nonlinearity)) return 1;
  switch (nonlinearity) {
    case "tanh":
      return 5 / 3;
    case "relu":
      return Math.SQRT2;
    case "leaky_relu": {
      const slope = param === undefined ? 0.01 : param;
      if (typeof slope !== "number" || !Number.isFinite(slope)) {
        throw new Error(`${fn}: parameter 'param' must be a finite negative slope for leaky_relu, got ${show(param)}`);
      }
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case "selu":
      // PyTorch's choice (3/4) keeps SELU networks self-normalizing when combined with fan-in init.
      return 3 / 4;
    default:
      throw new Error(
        `${fn}: parameter 'nonlinearity' must be one of ${[...UNIT_GAIN, "tanh", "relu", "leaky_relu", "selu"].join(", ")}, got ${show(nonlinearity)}`,
      );
  }
}
