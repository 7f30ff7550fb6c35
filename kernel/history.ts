/** Per-session input history for history_request (tail, range, search), IPython's semantics. */

export type HistoryEntry = [number, number, string] | [number, number, [string, string | null]];

interface Item { line: number; input: string; output: string | null }

export interface HistoryQuery {
  hist_access_type?: string;
  output?: boolean;
  session?: number;
  start?: number;
  stop?: number;
  n?: number | null;
  pattern?: string;
  unique?: boolean;
}

/** This kernel's session number; 0 and negative numbers in requests also mean "this session". */
export const SESSION = 1;

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, "[\\s\\S]*").replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${body}$`);
}

export class History {
  private readonly items: Item[] = [];

  record(line: number, input: string): void {
    this.items.push({ line, input, output: null });
  }

  setOutput(line: number, output: string): void {
    const item = this.items.find((i) => i.line === line);
    if (item) item.output = output;
  }

  query(q: HistoryQuery): HistoryEntry[] {
    let picked: Item[];
    switch (q.hist_access_type) {
      case "tail":
        picked = q.n == null ? this.items.slice() : this.items.slice(Math.max(0, this.items.length - q.n));
        break;
      case "range": {
        const session = q.session ?? 0;
        if (session > 0 && session !== SESSION) return [];
        const start = q.start ?? 0;
        const stop = q.stop ?? Infinity;
        picked = this.items.filter((i) => i.line >= start && i.line < stop);
        break;
      }
      case "search": {
        const re = globToRegExp(q.pattern ?? "*");
        picked = this.items.filter((i) => re.test(i.input));
        if (q.unique) {
          const seen = new Set<string>();
          picked = picked.reverse().filter((i) => !seen.has(i.input) && (seen.add(i.input), true)).reverse();
        }
        if (q.n != null) picked = picked.slice(Math.max(0, picked.length - q.n));
        break;
      }
      default:
        throw new Error(`history: parameter 'hist_access_type' must be "tail", "range" or "search", got ${q.hist_access_type}`);
    }
    return picked.map((i): HistoryEntry => (q.output ? [SESSION, i.line, [i.input, i.output]] : [SESSION, i.line, i.input]));
  }
}
