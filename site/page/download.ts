/**
 * "Download notebook": the page's notebook (the student edition, every cell's metadata and id kept, nbformat 4)
 * with the reader's current code and the outputs of their last run, as `<name>.ipynb`, for `npm run grade`.
 */
import type { NbOutput } from "./outputs";

export interface NotebookJson {
  cells: { cell_type: string; id?: string; metadata: Record<string, unknown>; source: string | string[]; outputs?: unknown[]; execution_count?: number | null }[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** nbformat's multi-line string: lines keep their "\n", the last one has none. */
export function toSourceLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  return lines.map((l, i) => (i < lines.length - 1 ? l + "\n" : l)).filter((l, i, a) => !(i === a.length - 1 && l === ""));
}

export interface CodeCellState {
  source: string;
  outputs: NbOutput[];
  executionCount: number | null;
}

/** The notebook with code cell k's source and outputs taken from `code[k]`. */
export function notebookWithReaderCells(template: NotebookJson, code: CodeCellState[]): NotebookJson {
  const nb = JSON.parse(JSON.stringify(template)) as NotebookJson;
  let k = 0;
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    const state = code[k++];
    cell.source = toSourceLines(state.source);
    cell.outputs = state.outputs.map((o) => (o.output_type === "stream" ? { ...o, text: toSourceLines(String(o.text)) } : o));
    cell.execution_count = state.executionCount;
  }
  return nb;
}

export function saveFile(name: string, text: string, type = "application/x-ipynb+json"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
