/**
 * Map a line of JavaScript emitted by tslab back to the TypeScript line it came from.
 *
 * tslab compiles without source maps (its options are fixed), so we match content instead: emitted
 * statements keep their order and nearly all their identifiers and literals. Each TypeScript line is
 * scored by the tokens it shares with the JavaScript line; ties go to the line nearest the position
 * that the relative offset in the output predicts.
 */

const IGNORED = new Set([
  "exports", "require", "const", "let", "var", "function", "return", "void", "default", "__esModule",
  "Object", "defineProperty", "value", "true", "false", "_a", "_b", "_c", "this", "__awaiter", "__importStar",
]);
const TOKEN = /[A-Za-z_$][\w$]*|\d+(?:\.\d+)?(?:e[+-]?\d+)?|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`|[-+*/%<>=!&|^~?:]+/g;

function tokens(line: string): Set<string> {
  const out = new Set<string>();
  for (const t of line.match(TOKEN) ?? []) {
    if (!IGNORED.has(t) && !/^_\d+$/.test(t)) out.add(t.replace(/^'(.*)'$/, '"$1"'));
  }
  return out;
}

/** 1-based TypeScript line for 1-based `jsLine` of `js`, or undefined when nothing matches. */
export function mapLine(js: string, jsLine: number, ts: string): number | undefined {
  const jsLines = js.split("\n");
  const tsLines = ts.split("\n");
  if (jsLine < 1 || jsLine > jsLines.length) return undefined;
  const wanted = tokens(jsLines[jsLine - 1]);
  if (wanted.size === 0) return undefined;
  const predicted = ((jsLine - 1) / Math.max(1, jsLines.length - 1)) * (tsLines.length - 1);
  let best: number | undefined;
  let bestScore = 0;
  let bestDistance = Infinity;
  tsLines.forEach((line, i) => {
    const have = tokens(line);
    let shared = 0;
    for (const t of wanted) if (have.has(t)) shared++;
    if (shared === 0) return;
    const score = shared / (wanted.size + have.size - shared);
    const distance = Math.abs(i - predicted);
    if (score > bestScore + 1e-9 || (Math.abs(score - bestScore) <= 1e-9 && distance < bestDistance)) {
      best = i + 1;
      bestScore = score;
      bestDistance = distance;
    }
  });
  return best;
}
