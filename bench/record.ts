/**
 * Every figure `npm run bench` prints goes to build/bench.json as a record
 * `{ section, name, value, unit, torch?, ratio? }`. A section calls `record(...)` for what it prints;
 * for figures only returned (not recorded one by one), bench/index.ts flattens the section's result
 * with `recordResult`, the unit read from the key's name.
 */
export interface BenchRecord {
  section: string;
  name: string;
  value: number;
  unit: string;
  /** torch's figure for the same thing, measured in the same run. */
  torch?: number;
  /** value / torch. */
  ratio?: number;
  note?: string;
}

const records: BenchRecord[] = [];
let section = "bench";

/** Sets the section the next records belong to (bench/index.ts does this per part). */
export function beginSection(name: string): void {
  section = name;
}

/** Records one printed figure; with `torch`, the ratio value/torch is added. Returns the record. */
export function record(name: string, value: number, unit: string, extra: { torch?: number | null; note?: string } = {}): BenchRecord {
  const r: BenchRecord = { section, name, value, unit };
  if (typeof extra.torch === "number" && Number.isFinite(extra.torch)) {
    r.torch = extra.torch;
    r.ratio = value / extra.torch;
  }
  if (extra.note) r.note = extra.note;
  records.push(r);
  return r;
}

/** The unit a result key's name implies. */
export function unitOf(key: string): string {
  if (/ms(PerStep)?$|Ms$|Ms[A-Z]|ms$/.test(key) || /^ms$/i.test(key)) return "ms";
  if (/seconds$/i.test(key)) return "s";
  if (/PerSecond|per_s/i.test(key)) return "1/s";
  if (/^ratio|Ratio|speedup|Speedup/.test(key)) return "×";
  return "";
}

/**
 * Records every finite number in a section's returned result that was not recorded explicitly,
 * named by its path (`a.b.0.c`); rows of a table named by their string fields when they have some.
 */
export function recordResult(result: unknown, prefix = ""): void {
  const explicit = new Set(records.filter((r) => r.section === section).map((r) => r.name));
  const walk = (v: unknown, path: string) => {
    if (typeof v === "number" && Number.isFinite(v)) {
      if (!explicit.has(path)) records.push({ section, name: path, value: v, unit: unitOf(path.split(".").pop() ?? "") });
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        const label = item && typeof item === "object" && !Array.isArray(item)
          ? Object.values(item).filter((x) => typeof x === "string").slice(0, 2).join("/")
          : "";
        walk(item, `${path}${path ? "." : ""}${label || i}`);
      });
      return;
    }
    if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, `${path}${path ? "." : ""}${k}`);
  };
  walk(result, prefix);
}

export function allRecords(): BenchRecord[] {
  return records;
}
