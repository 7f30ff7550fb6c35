/**
 * console.log's formatting in the page, after Node's util.format / util.inspect (what the kernel prints):
 * printf-style %s %d %i %f %j %o %O %%, strings as-is at the top level and quoted inside structures,
 * `[ 1, 2 ]`, `{ a: 1 }`, `Float64Array(2) [ 1, 2 ]`, `Map(1) { 'a' => 1 }`, depth 2, one line when it fits
 * in 80 columns. Node's grouping of long numeric arrays into columns is not reproduced.
 */

const BREAK_LENGTH = 80;
const MAX_ARRAY = 100;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const INSPECT_CUSTOM = Symbol.for("nodejs.util.inspect.custom");

function quote(s: string): string {
  const q = !s.includes("'") ? "'" : !s.includes('"') ? '"' : !s.includes("`") ? "`" : "'";
  const escaped = s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\t/g, "\\t").replace(new RegExp(q, "g"), "\\" + q);
  return q + escaped + q;
}

function formatNumber(n: number): string {
  return Object.is(n, -0) ? "-0" : String(n);
}

function constructorName(v: object): string | null {
  const proto = Object.getPrototypeOf(v);
  if (proto === null) return "[Object: null prototype]";
  const ctor = proto.constructor;
  return typeof ctor === "function" && ctor.name ? ctor.name : null;
}

function join(base: string, open: string, close: string, entries: string[], indent: number): string {
  const prefix = base ? base + " " : "";
  if (entries.length === 0) return `${prefix}${open}${close}`;
  const start = entries.length + indent + open.length + base.length + 10;
  const total = entries.reduce((n, e) => n + e.length, start + entries.length);
  if (total <= BREAK_LENGTH && !entries.some((e) => e.includes("\n"))) return `${prefix}${open} ${entries.join(", ")} ${close}`;
  const pad = "\n" + " ".repeat(indent);
  return `${prefix}${open}${pad}  ${entries.join(`,${pad}  `)}${pad}${close}`;
}

function inspectValue(v: unknown, depth: number, indent: number, seen: object[]): string {
  switch (typeof v) {
    case "string": return quote(v);
    case "number": return formatNumber(v);
    case "bigint": return `${v}n`;
    case "boolean": return String(v);
    case "undefined": return "undefined";
    case "symbol": return v.toString();
    case "function": {
      const isClass = /^class\b/.test(Function.prototype.toString.call(v));
      return isClass ? `[class ${v.name || "(anonymous)"}]` : `[Function: ${v.name || "(anonymous)"}]`;
    }
    default: break;
  }
  if (v === null) return "null";
  const obj = v as Record<string | symbol, unknown>;
  const custom = obj[INSPECT_CUSTOM];
  if (typeof custom === "function") {
    const r = (custom as (d: number, o: object) => unknown).call(obj, depth, {});
    return typeof r === "string" ? r : inspectValue(r, depth, indent, seen);
  }
  if (seen.includes(obj)) return "[Circular *1]";
  if (v instanceof Error) return v.stack || `${v.name}: ${v.message}`;
  if (v instanceof Date) return isNaN(v.getTime()) ? "Invalid Date" : v.toISOString();
  if (v instanceof RegExp) return String(v);
  const name = constructorName(obj);
  const nested = (x: unknown) => inspectValue(x, depth + 1, indent + 2, [...seen, obj]);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const arr = v as unknown as ArrayLike<number | bigint>;
    if (depth > 2) return `[${name}]`;
    const items = Array.from({ length: Math.min(arr.length, MAX_ARRAY) }, (_, i) => (typeof arr[i] === "bigint" ? `${arr[i]}n` : formatNumber(arr[i] as number)));
    if (arr.length > MAX_ARRAY) items.push(`... ${arr.length - MAX_ARRAY} more item${arr.length - MAX_ARRAY > 1 ? "s" : ""}`);
    return join(`${name}(${arr.length})`, "[", "]", items, indent);
  }
  if (Array.isArray(v)) {
    if (depth > 2) return "[Array]";
    const items: string[] = [];
    let holes = 0;
    for (let i = 0; i < Math.min(v.length, MAX_ARRAY); i++) {
      if (!(i in v)) { holes++; continue; }
      if (holes) { items.push(`<${holes} empty item${holes > 1 ? "s" : ""}>`); holes = 0; }
      items.push(nested(v[i]));
    }
    if (holes) items.push(`<${holes} empty item${holes > 1 ? "s" : ""}>`);
    if (v.length > MAX_ARRAY) items.push(`... ${v.length - MAX_ARRAY} more item${v.length - MAX_ARRAY > 1 ? "s" : ""}`);
    return join(name === "Array" ? "" : `${name}(${v.length})`, "[", "]", items, indent);
  }
  if (v instanceof Map) {
    if (depth > 2) return "[Map]";
    return join(`Map(${v.size})`, "{", "}", [...v].map(([k, x]) => `${nested(k)} => ${nested(x)}`), indent);
  }
  if (v instanceof Set) {
    if (depth > 2) return "[Set]";
    return join(`Set(${v.size})`, "{", "}", [...v].map(nested), indent);
  }
  if (v instanceof Promise) return "Promise { <pending> }";
  const base = name === "Object" ? "" : name ?? "";
  if (depth > 2) return `[${base || "Object"}]`;
  const keys = Object.keys(obj);
  const entries = keys.map((k) => `${IDENTIFIER.test(k) ? k : quote(k)}: ${nested(obj[k])}`);
  for (const s of Object.getOwnPropertySymbols(obj)) {
    if (Object.prototype.propertyIsEnumerable.call(obj, s)) entries.push(`[${s.toString()}]: ${nested(obj[s])}`);
  }
  return join(base, "{", "}", entries, indent);
}

/** util.inspect(value) with Node's defaults (depth 2, no colours). */
export function inspect(value: unknown): string {
  return inspectValue(value, 0, 0, []);
}

/** util.format(...args): what console.log prints for these arguments (without the newline). */
export function format(args: unknown[]): string {
  if (args.length === 0) return "";
  const first = args[0];
  let rest = args.slice(1);
  let head: string;
  if (typeof first === "string" && rest.length > 0 && first.includes("%")) {
    head = first.replace(/%([sdifjoOc%])/g, (m, c: string) => {
      if (c === "%") return "%";
      if (rest.length === 0) return m;
      const a = rest.shift();
      switch (c) {
        case "s": return typeof a === "string" ? a : typeof a === "bigint" ? `${a}n` : typeof a === "object" && a !== null ? inspect(a) : String(a);
        case "d": return typeof a === "bigint" ? `${a}n` : typeof a === "object" && a !== null ? "NaN" : formatNumber(Number(a));
        case "i": return typeof a === "bigint" ? `${a}n` : String(parseInt(String(a), 10));
        case "f": return String(parseFloat(String(a)));
        case "j": try { return JSON.stringify(a); } catch { return "[Circular]"; }
        case "c": return "";
        default: return inspect(a);
      }
    });
  } else {
    head = typeof first === "string" ? first : inspect(first);
  }
  return [head, ...rest.map((a) => (typeof a === "string" ? a : inspect(a)))].join(" ");
}
