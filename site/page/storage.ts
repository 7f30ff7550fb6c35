/**
 * What the reader did, kept in the browser (localStorage) per page: edited cell sources (until "Reset cell")
 * and which exercise checks passed. Keys carry the notebook's name and the cell's nbformat id, so a rebuilt
 * site keeps the reader's work. Without storage (private modes may refuse it) everything still works, unsaved.
 */
const PREFIX = "descent:v1";

function store(): Storage | null {
  try {
    const s = window.localStorage;
    s.getItem(PREFIX);
    return s;
  } catch {
    return null;
  }
}

export class PageStore {
  constructor(private readonly notebook: string) {}

  private key(kind: string, id: string): string {
    return `${PREFIX}:${this.notebook}:${kind}:${id}`;
  }

  editedSource(cellKey: string): string | null {
    return store()?.getItem(this.key("source", cellKey)) ?? null;
  }

  saveSource(cellKey: string, source: string | null): void {
    const s = store();
    if (!s) return;
    try {
      if (source === null) s.removeItem(this.key("source", cellKey));
      else s.setItem(this.key("source", cellKey), source);
    } catch {
      // storage full or refused: the edit stays on the page only
    }
  }

  /** Exercise verdicts by grade id: true = the check cell ran without error. */
  progress(): Record<string, { passed: boolean; at: string }> {
    try {
      return JSON.parse(store()?.getItem(this.key("progress", "all")) ?? "{}") as Record<string, { passed: boolean; at: string }>;
    } catch {
      return {};
    }
  }

  saveVerdict(gradeId: string, passed: boolean): void {
    const s = store();
    if (!s) return;
    const all = this.progress();
    all[gradeId] = { passed, at: new Date().toISOString() };
    try {
      s.setItem(this.key("progress", "all"), JSON.stringify(all));
    } catch {
      // see saveSource
    }
  }
}
