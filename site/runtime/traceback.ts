/**
 * Stack frames of a cell's code → the cell's own lines ("Cell In[3], line 2"), as the Descent kernel shows
 * them. The cell runs as the body of an `AsyncFunction`, whose generated header shifts line numbers by a
 * constant; that constant is measured once here (it differs between JavaScript engines), not assumed.
 */

const FRAME_V8 = /^\s*at (?:(.*?) \()?(?:.*[(\s])?([^\s()]+?):(\d+):(\d+)\)?$/;
const FRAME_GECKO = /^(.*?)@(.*?):(\d+):(\d+)$/;

interface Frame {
  fn?: string;
  file: string;
  line: number;
}

function parseFrames(stack: string): Frame[] {
  const frames: Frame[] = [];
  for (const raw of stack.split("\n")) {
    const m = FRAME_V8.exec(raw) ?? FRAME_GECKO.exec(raw);
    if (!m) continue;
    frames.push({ fn: m[1] || undefined, file: m[2], line: Number(m[3]) });
  }
  return frames;
}

let offset: number | undefined;

/** Lines the engine's function header adds before the body's first line (2 in V8). */
export function headerLines(): number {
  if (offset !== undefined) return offset;
  let measured = 2;
  // `new Function` and the AsyncFunction constructor build the same header ("(async) function anonymous(a,b\n) {\n").
  const sync = new Function("a", "b", "throw new Error('probe');\n//# sourceURL=descent-line-probe-sync.js");
  try {
    sync(0, 0);
  } catch (e) {
    const f = parseFrames(String((e as Error).stack)).find((x) => x.file.endsWith("descent-line-probe-sync.js"));
    if (f) measured = f.line - 1;
  }
  offset = measured;
  return offset;
}

/** Script names of cells: `descent-cell-<execution count>.js`. */
export const cellUrl = (count: number): string => `descent-cell-${count}.js`;
const CELL_URL = /descent-cell-(\d+)\.js$/;

/**
 * The frames inside cells, innermost first, each mapped to its cell's line (frames of the runtime and the
 * library dropped). `sources` gives each execution count's code (a frame may be in a function of an earlier cell).
 */
export function cellFrames(stack: string, sources: (count: number) => string | undefined): { count: number; line: number; fn?: string }[] {
  const shift = headerLines();
  const out: { count: number; line: number; fn?: string }[] = [];
  for (const f of parseFrames(stack)) {
    const m = CELL_URL.exec(f.file);
    if (!m) continue;
    const count = Number(m[1]);
    const code = sources(count);
    const line = f.line - shift;
    if (code === undefined || line < 1 || line > code.split("\n").length) continue;
    const fn = f.fn && !/^(eval|anonymous|async anonymous|Object\.<anonymous>|<anonymous>)$/.test(f.fn.replace(/^async /, "")) ? f.fn.replace(/^(async |Object\.|exports\.)/, "") : undefined;
    out.push({ count, line, fn });
    if (out.length >= 12) break;
  }
  return out;
}

/** The line with a marker and one line of context before it, as the kernel prints it. */
export function excerpt(source: string, line: number): string[] {
  const lines = source.split("\n");
  const out: string[] = [];
  for (let n = Math.max(1, line - 1); n <= Math.min(lines.length, line); n++) {
    out.push(`${n === line ? "---->" : "     "} ${String(n).padStart(3)} | ${lines[n - 1]}`);
  }
  return out;
}
