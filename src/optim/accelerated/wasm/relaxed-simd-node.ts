/**
 * Relaxed SIMD in Node. The arena's fused quotient (adam-quotient.ts) needs f64x2.relaxed_madd, which
 * Chromium has shipped since version 114 and V8 enables by default from 11.4 on; Node 20's V8 (11.3)
 * keeps it behind a flag. The flag only lets more WebAssembly validate (modules without relaxed
 * instructions compile as before), and it must be set before the first module that uses them is
 * checked, which is why the Node entry sets it when it installs the accelerators.
 */
import * as v8 from "v8";
import { fusedMaddProbeBytes } from "./adam-quotient";

export function enableRelaxedSimd(): void {
  const WebAssemblyApi: any = (globalThis as any).WebAssembly;
  if (!WebAssemblyApi || WebAssemblyApi.validate(fusedMaddProbeBytes())) return;
  v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
}
