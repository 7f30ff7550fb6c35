/**
 * The Jupyter wire protocol: frames ↔ messages, HMAC-SHA256 signatures.
 * https://jupyter-client.readthedocs.io/en/stable/messaging.html#the-wire-protocol
 */
import { createHmac, randomBytes, timingSafeEqual } from "crypto";

export const PROTOCOL_VERSION = "5.3";
const DELIMITER = Buffer.from("<IDS|MSG>");

export interface Header {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
}

export interface Message<C = Record<string, unknown>> {
  identities: Buffer[];
  header: Header;
  parent_header: Partial<Header>;
  metadata: Record<string, unknown>;
  content: C;
  buffers: Buffer[];
}

export interface ConnectionInfo {
  transport: string;
  ip: string;
  key: string;
  signature_scheme: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
}

function sign(key: string, parts: readonly (Buffer | string)[]): string {
  if (key === "") return "";
  const hmac = createHmac("sha256", key);
  for (const part of parts) hmac.update(part);
  return hmac.digest("hex");
}

/** Parse a multipart message; throws when the delimiter is missing or the signature is wrong. */
export function decode(frames: readonly Buffer[], key: string): Message {
  const at = frames.findIndex((f) => f.equals(DELIMITER));
  if (at < 0 || frames.length < at + 6) {
    throw new Error(`decode: parameter 'frames' must hold <IDS|MSG> and 5 parts after it, got ${frames.length} frames`);
  }
  const signature = frames[at + 1].toString();
  const parts = frames.slice(at + 2, at + 6);
  const expected = sign(key, parts);
  const ok = expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
  if (!ok) throw new Error(`decode: parameter 'frames' must carry a valid HMAC signature, got '${signature}'`);
  return {
    identities: frames.slice(0, at),
    header: JSON.parse(parts[0].toString()),
    parent_header: JSON.parse(parts[1].toString()),
    metadata: JSON.parse(parts[2].toString()),
    content: JSON.parse(parts[3].toString()),
    buffers: frames.slice(at + 6),
  };
}

/** Frames for a message of `msgType` answering or caused by `parent`. */
export function encode(
  key: string,
  parent: Message<unknown> | null,
  msgType: string,
  content: unknown,
  identities: readonly Buffer[] = [],
): Buffer[] {
  const header: Header = {
    msg_id: randomBytes(16).toString("hex"),
    msg_type: msgType,
    session: parent ? parent.header.session : "descent",
    username: parent ? parent.header.username : "descent",
    date: new Date().toISOString(),
    version: PROTOCOL_VERSION,
  };
  const parts = [header, parent ? parent.header : {}, {}, content].map((p) => Buffer.from(JSON.stringify(p)));
  return [...identities, DELIMITER, Buffer.from(sign(key, parts)), ...parts];
}
