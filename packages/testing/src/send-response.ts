import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import { delay } from "./delay.js";
import { encodeSSE } from "./sse.js";
import type { ScriptedResponse, SSEScript } from "./types.js";

/** Body used by `truncate` / `reset-after-headers` when the script gives none, so there is something to cut. */
const FILLER_BODY = { message: "this body is cut short by the test server", padding: "x".repeat(64) };

/** Send a {@link ScriptedResponse}, including its delay, fault or SSE stream. Resolves when done. @internal */
export async function sendScripted(res: ServerResponse, scripted: ScriptedResponse, signal: AbortSignal) {
  if (scripted.delayMs !== undefined && scripted.delayMs > 0) {
    await delay(scripted.delayMs, signal);
    if (isGone(res)) return;
  }
  const status = scripted.status ?? 200;
  switch (scripted.fault) {
    case "reset":
      resetSocket(res);
      return;
    case "stall":
      return;
    case "reset-after-headers":
    case "truncate":
      await sendCut(res, status, scripted, scripted.fault);
      return;
    default:
      break;
  }
  if (scripted.sse) {
    await sendSse(res, status, scripted.headers, scripted.sse, signal);
    return;
  }
  const { bytes, contentType } = encodeBody(scripted.body);
  const headers = withDefaults(scripted.headers, contentType ? { "content-type": contentType } : {});
  if (!statusAllowsBody(status)) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  headers["content-length"] = String(bytes.length);
  res.writeHead(status, headers);
  res.end(bytes);
}

/** True once the response can no longer be written to (client left, or the server destroyed the socket). @internal */
export function isGone(res: ServerResponse): boolean {
  return res.destroyed || !res.socket || res.socket.destroyed;
}

/** Abort the connection with a TCP RST (falls back to a plain destroy). @internal */
export function resetSocket(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket || socket.destroyed) return;
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

async function sendCut(
  res: ServerResponse,
  status: number,
  scripted: ScriptedResponse,
  fault: "reset-after-headers" | "truncate",
): Promise<void> {
  const encoded = encodeBody(scripted.body === undefined ? FILLER_BODY : scripted.body);
  const headers = withDefaults(
    scripted.headers,
    encoded.contentType ? { "content-type": encoded.contentType } : {},
  );
  headers["content-length"] = String(encoded.bytes.length);
  res.socket?.setNoDelay(true);
  res.writeHead(status, headers);
  res.flushHeaders();
  const half = encoded.bytes.subarray(0, Math.floor(encoded.bytes.length / 2));
  if (half.length > 0) await writeChunk(res, half);
  else await writeChunk(res, Buffer.alloc(0));
  const socket = res.socket;
  if (!socket || socket.destroyed) return;
  if (fault === "truncate") socket.end();
  else socket.destroy();
}

async function sendSse(
  res: ServerResponse,
  status: number,
  userHeaders: ScriptedResponse["headers"],
  sse: SSEScript,
  signal: AbortSignal,
): Promise<void> {
  const chunks = sseChunks(sse); // Validate before any bytes go out, so a bad script is answered with 500.
  const headers = withDefaults(userHeaders, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
  });
  res.socket?.setNoDelay(true);
  res.writeHead(status, headers);
  res.flushHeaders();
  for (const chunk of chunks) {
    await delay(sse.chunkDelayMs ?? 0, signal);
    if (isGone(res)) return;
    await writeChunk(res, chunk);
  }
  if (!sse.keepOpen && !isGone(res)) res.end();
}

/** The byte chunks to write for an SSE script, honouring `endMidEvent` and `chunkSize`. @internal */
export function sseChunks(sse: SSEScript): Buffer[] {
  const events = sse.events.map((event) => Buffer.from(encodeSSE(event, sse.lineEnding), "utf8"));
  const last = events.at(-1);
  if (sse.endMidEvent && last && last.length > 1) {
    events[events.length - 1] = last.subarray(0, Math.floor(last.length / 2));
  }
  if (sse.chunkSize === undefined) return events.filter((event) => event.length > 0);
  if (!Number.isInteger(sse.chunkSize) || sse.chunkSize < 1) {
    throw new RangeError(`sse.chunkSize must be a positive integer, got ${sse.chunkSize}`);
  }
  const stream = Buffer.concat(events);
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < stream.length; offset += sse.chunkSize) {
    chunks.push(stream.subarray(offset, offset + sse.chunkSize));
  }
  return chunks;
}

function writeChunk(res: ServerResponse, chunk: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (isGone(res)) return resolve();
    res.write(chunk, () => resolve());
  });
}

function encodeBody(body: unknown): { bytes: Buffer; contentType: string | undefined } {
  if (body === undefined) return { bytes: Buffer.alloc(0), contentType: undefined };
  if (typeof body === "string")
    return { bytes: Buffer.from(body, "utf8"), contentType: "text/plain; charset=utf-8" };
  if (body instanceof Uint8Array)
    return { bytes: Buffer.from(body), contentType: "application/octet-stream" };
  return { bytes: Buffer.from(JSON.stringify(body), "utf8"), contentType: "application/json" };
}

/** Merge user headers over defaults; a user header wins regardless of letter case. */
function withDefaults(
  user: ScriptedResponse["headers"],
  defaults: Record<string, string>,
): OutgoingHttpHeaders {
  const merged: OutgoingHttpHeaders = {};
  const given = new Set(Object.keys(user ?? {}).map((name) => name.toLowerCase()));
  for (const [name, value] of Object.entries(defaults)) {
    if (!given.has(name)) merged[name] = value;
  }
  for (const [name, value] of Object.entries(user ?? {})) merged[name.toLowerCase()] = value;
  return merged;
}

function statusAllowsBody(status: number): boolean {
  return !(status < 200 || status === 204 || status === 304);
}
