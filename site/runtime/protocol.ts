/**
 * The in-page runtime speaks Jupyter's messaging protocol (v5.3 shapes, without the wire framing): the page
 * sends `execute_request` / `kernel_info_request`; the runtime answers on "iopub" with `status`, `stream`,
 * `display_data`, `update_display_data`, `clear_output`, `execute_result`, `error`, and on "shell" with
 * `execute_reply` / `kernel_info_reply`. The same engine could therefore back a JupyterLite kernel.
 */

export interface Header {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
}

export interface Message<C = Record<string, unknown>> {
  channel: "shell" | "iopub" | "control";
  header: Header;
  parent_header: Partial<Header>;
  metadata: Record<string, unknown>;
  content: C;
}

export interface ExecuteRequest {
  code: string;
  silent?: boolean;
  store_history?: boolean;
  user_expressions?: Record<string, string>;
  allow_stdin?: boolean;
  stop_on_error?: boolean;
}

export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

export type ExecuteReply =
  | { status: "ok"; execution_count: number; payload: unknown[]; user_expressions: Record<string, unknown> }
  | ({ status: "error"; execution_count: number; user_expressions: Record<string, unknown> } & ErrorContent);

export interface StreamContent {
  name: "stdout" | "stderr";
  text: string;
}

export interface DisplayContent {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  transient?: { display_id?: string };
}

/** What the runtime tells about itself in kernel_info_reply (besides Jupyter's fields), under `descent`. */
export interface RuntimeInfo {
  /** The tfjs backend in use ("webgpu" | "webgl" | "wasm" | "cpu"), or "" before tfjs was initialised. */
  backend: string;
  /** One line: which backend runs and why better ones were skipped (d.tf.describe()). */
  describe: string;
  /** Set when loading the library failed. */
  error?: string;
}

export const PROTOCOL_VERSION = "5.3";

let counter = 0;

export function newHeader(msgType: string, session: string): Header {
  counter += 1;
  return {
    msg_id: `${session}-${counter}`,
    msg_type: msgType,
    session,
    username: "reader",
    date: new Date().toISOString(),
    version: PROTOCOL_VERSION,
  };
}

export function message<C>(channel: Message["channel"], msgType: string, content: C, parent: Partial<Header>, session: string, metadata: Record<string, unknown> = {}): Message<C> {
  return { channel, header: newHeader(msgType, session), parent_header: parent, metadata, content };
}
