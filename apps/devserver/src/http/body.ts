import type { IncomingMessage } from "node:http";

/** Default request body cap: 1 MiB. Larger bodies are answered with 413. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * How many bytes past the limit {@link readBody} reads and discards before it gives up on a too-large body.
 * Reading the rest lets the 413 reach a client that only reads the response once it has sent everything
 * (closing a socket with unread data makes the kernel answer with a reset, which the client sees instead).
 */
export const DEFAULT_DRAIN_LIMIT_BYTES = 8 * 1024 * 1024;

/** Raised by {@link readBody} when the body exceeds the limit. */
export class BodyTooLargeError extends Error {
  constructor(
    readonly limitBytes: number,
    /** True when the rest of the body was read (and discarded), so the connection can be closed cleanly. */
    readonly drained: boolean,
  ) {
    super(`request body exceeds ${limitBytes} bytes`);
  }
}

/**
 * Reads the whole request body. Past `limitBytes` nothing more is kept: the rest is read and discarded up to
 * `drainLimitBytes` more, then {@link BodyTooLargeError} is raised (memory stays bounded by `limitBytes`).
 */
export async function readBody(
  req: IncomingMessage,
  limitBytes = DEFAULT_BODY_LIMIT_BYTES,
  drainLimitBytes = DEFAULT_DRAIN_LIMIT_BYTES,
): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limitBytes + drainLimitBytes) throw new BodyTooLargeError(limitBytes, false);
  // Plain listeners rather than `for await`: leaving an async iterator early destroys the request, and with it
  // the socket the 413 has to travel on.
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const done = (err?: Error) => {
      if (settled) return;
      settled = true;
      req.off("data", onData);
      req.off("close", onClose);
      req.off("end", onEnd);
      req.off("error", onError);
      if (err) reject(err);
      else resolve(Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes + drainLimitBytes) {
        req.pause();
        done(new BodyTooLargeError(limitBytes, false));
      } else if (size <= limitBytes) chunks.push(chunk);
    };
    const onEnd = () => done(size > limitBytes ? new BodyTooLargeError(limitBytes, true) : undefined);
    const onError = (err: Error) => done(err);
    const onClose = () => done(new Error("request aborted before its body was complete"));
    req.on("data", onData);
    req.on("close", onClose);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/** Deepest nesting of objects and arrays accepted in a JSON body (the body itself is depth 1). */
export const MAX_JSON_DEPTH = 32;

/** Largest `metadata` value accepted anywhere in a JSON body, in bytes of its JSON text: 16 KiB. */
export const METADATA_LIMIT_BYTES = 16 * 1024;

/** Result of {@link parseBody}: a JSON or form body as a plain object, or the status and reason it is refused. */
export type ParsedBody =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; status: 400 | 413; title: string; detail: string };

/**
 * Offset of the first `{` or `[` that opens nesting level `maxDepth + 1`, or -1. A linear scan of the text that
 * skips strings, so the depth is known before `JSON.parse` builds anything (and before anything recursive
 * — zod, structuredClone, Cedar — meets a value deep enough to overflow its stack).
 */
export function jsonDepthOverflow(text: string, maxDepth = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return -1;
}

// Path and size of the first `metadata` value over the limit (the value is at most MAX_JSON_DEPTH deep here).
function oversizedMetadata(value: unknown, path: string): { path: string; bytes: number } | undefined {
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, child] of Object.entries(value)) {
    const at = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
    if (key === "metadata" && !Array.isArray(value)) {
      const bytes = Buffer.byteLength(JSON.stringify(child) ?? "");
      if (bytes > METADATA_LIMIT_BYTES) return { path: at, bytes };
    }
    const inner = oversizedMetadata(child, at);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * Parses a JSON body (or, when `allowForm`, an `application/x-www-form-urlencoded` body) into an object.
 * A missing Content-Type on a body-carrying request is rejected, as the ZeroID server does. JSON nested deeper
 * than {@link MAX_JSON_DEPTH} is refused with 400, a `metadata` value over {@link METADATA_LIMIT_BYTES} with 413.
 */
export function parseBody(contentType: string | undefined, raw: Buffer, allowForm = false): ParsedBody {
  const fail = (detail: string, status: 400 | 413 = 400): ParsedBody => ({
    ok: false,
    status,
    title: status === 413 ? "payload_too_large" : "invalid_request",
    detail,
  });
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (raw.length === 0 && type === "") return { ok: true, value: {} };
  if (type === "application/json" || type.endsWith("+json")) {
    if (raw.length === 0) return { ok: true, value: {} };
    const text = raw.toString("utf8");
    const overflow = jsonDepthOverflow(text);
    if (overflow >= 0) {
      return fail(
        `request body nests objects/arrays deeper than ${MAX_JSON_DEPTH} levels (at byte ${overflow})`,
      );
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return fail("request body is not valid JSON");
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return fail("request body must be a JSON object");
    }
    const big = oversizedMetadata(value, "body");
    if (big) {
      return fail(
        `${big.path} is ${big.bytes} bytes of JSON; the limit is ${METADATA_LIMIT_BYTES} bytes`,
        413,
      );
    }
    return { ok: true, value: value as Record<string, unknown> };
  }
  if (allowForm && type === "application/x-www-form-urlencoded") {
    const params = new URLSearchParams(raw.toString("utf8"));
    const value: Record<string, unknown> = {};
    for (const key of new Set(params.keys())) {
      const all = params.getAll(key);
      if (all.length > 1) return fail(`duplicate form parameter "${key}"`);
      if (all[0] !== "") value[key] = all[0];
    }
    return { ok: true, value };
  }
  if (type === "") return fail("Content-Type header is required");
  return fail(`unsupported Content-Type "${type}"`);
}
