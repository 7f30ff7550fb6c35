/**
 * When the tfjs backend in use breaks in the middle of a run (a lost WebGL context, a lost GPU device), the
 * runtime moves to the next backend in the order of preference instead of leaving every later cell broken.
 */
export const BACKEND_ORDER = ["webgpu", "webgl", "wasm", "cpu"] as const;

const GPU_FAILURE = /\b(webgl|webgpu|gpu ?device|context (?:was )?lost|context_lost|device (?:was )?lost|lost the (?:webgl )?context|offscreencanvas|shader|getExtension|createTexture|createBuffer)\b/i;

/** True when an error (name, message and traceback as one text) says the GPU backend `backend` failed. */
export function backendFailure(backend: string, errorText: string): boolean {
  return (backend === "webgl" || backend === "webgpu") && GPU_FAILURE.test(errorText);
}

/** The backends to try after `failed`, best first. */
export function nextBackends(failed: string): string[] {
  const k = BACKEND_ORDER.indexOf(failed as (typeof BACKEND_ORDER)[number]);
  return BACKEND_ORDER.slice(k + 1);
}
