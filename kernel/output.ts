/**
 * Everything a running cell emits on IOPub: buffered stdout/stderr streams, display data, results,
 * errors and clear_output, all parented to the execute_request that is (or was last) running.
 */
import type { Message } from "./wire";
import type { DisplayContent } from "../src/plot/display-hook";

export type Publish = (parent: Message, msgType: string, content: unknown) => void;

// Coalesce small writes, but never hold output longer than this, even inside a synchronous loop.
const MAX_HOLD_MS = 100;

export class CellOutput {
  private parent: Message | null = null;
  private pending: { name: "stdout" | "stderr"; text: string } | null = null;
  private pendingSince = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly publish: Publish) {}

  setParent(parent: Message): void {
    this.flush();
    this.parent = parent;
  }

  write(name: "stdout" | "stderr", text: string): void {
    if (!this.parent || text === "") return;
    if (this.pending && this.pending.name !== name) this.flush();
    if (!this.pending) {
      this.pending = { name, text: "" };
      this.pendingSince = Date.now();
    }
    this.pending.text += text;
    if (Date.now() - this.pendingSince >= MAX_HOLD_MS) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), MAX_HOLD_MS);
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending && this.parent) this.publish(this.parent, "stream", { name: this.pending.name, text: this.pending.text });
    this.pending = null;
  }

  send(msgType: string, content: unknown): void {
    if (!this.parent) return;
    this.flush();
    this.publish(this.parent, msgType, content);
  }

  display(content: DisplayContent, update: boolean): void {
    const transient = content.transient && content.transient.display_id ? { display_id: content.transient.display_id } : {};
    this.send(update ? "update_display_data" : "display_data", {
      data: content.data,
      metadata: content.metadata ?? {},
      transient,
    });
  }
}
