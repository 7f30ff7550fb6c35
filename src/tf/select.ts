/** Backend choice, best first, kept free of tfjs so the order and the reasons can be tested with fake probes. */

export const backendOrder = ["webgpu", "webgl", "wasm", "cpu"] as const;
export type BackendName = (typeof backendOrder)[number];

/** What probing one backend found: usable (with the step that makes it current) or not, and why. */
export type ProbeResult = { ok: true; activate: () => Promise<void> } | { ok: false; reason: string };
export type Probe = () => Promise<ProbeResult>;

export interface BackendReport {
  /** The backend tfjs now runs on. */
  backend: BackendName;
  /** For every better backend that was skipped: why it is not usable here. */
  reasons: Partial<Record<BackendName, string>>;
  /** True when DESCENT_BACKEND or an explicit option asked for this backend. */
  forced: boolean;
}

export function isBackendName(name: unknown): name is BackendName {
  return typeof name === "string" && (backendOrder as readonly string[]).includes(name);
}

/**
 * Tries the backends best first and activates the first usable one; a forced backend that is
 * not usable fails with the probe's reason instead of silently falling back.
 */
export async function selectBackend(
  probes: Record<BackendName, Probe>,
  forced?: string,
  fn = "tf.ready",
): Promise<BackendReport> {
  if (forced !== undefined && !isBackendName(forced)) {
    throw new Error(`${fn}: parameter 'backend' must be one of ${backendOrder.join(", ")}, got ${String(forced)}`);
  }
  const reasons: Partial<Record<BackendName, string>> = {};
  const candidates: readonly BackendName[] = forced ? [forced as BackendName] : backendOrder;
  for (const name of candidates) {
    let result: ProbeResult;
    try {
      result = await probes[name]();
    } catch (e) {
      result = { ok: false, reason: errorText(e) };
    }
    if (result.ok) {
      try {
        await result.activate();
        return { backend: name, reasons, forced: forced !== undefined };
      } catch (e) {
        result = { ok: false, reason: `initialization failed: ${errorText(e)}` };
      }
    }
    // (a cast, not narrowing: notebooks compile src without strictNullChecks, where `ok` does not narrow)
    const reason = (result as { reason: string }).reason;
    reasons[name] = reason;
    if (forced) throw new Error(`${fn}: backend '${name}' was asked for but is not usable here: ${reason}`);
  }
  throw new Error(`${fn}: no tfjs backend is usable: ${JSON.stringify(reasons)}`);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message.split("\n")[0] : String(e);
}
