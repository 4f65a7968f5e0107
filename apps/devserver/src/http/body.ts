import type { IncomingMessage } from "node:http";

/** Default request body cap: 1 MiB. Larger bodies are answered with 413. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** Raised by {@link readBody} when the body exceeds the limit. */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body exceeds ${limitBytes} bytes`);
  }
}

/** Reads the whole request body, failing fast once `limitBytes` is exceeded. */
export async function readBody(req: IncomingMessage, limitBytes = DEFAULT_BODY_LIMIT_BYTES): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limitBytes) throw new BodyTooLargeError(limitBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new BodyTooLargeError(limitBytes);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Result of {@link parseBody}: a JSON or form body as a plain object, or a description of why it is unusable. */
export type ParsedBody = { ok: true; value: Record<string, unknown> } | { ok: false; detail: string };

/**
 * Parses a JSON body (or, when `allowForm`, an `application/x-www-form-urlencoded` body) into an object.
 * A missing Content-Type on a body-carrying request is rejected, as the ZeroID server does.
 */
export function parseBody(contentType: string | undefined, raw: Buffer, allowForm = false): ParsedBody {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (raw.length === 0 && type === "") return { ok: true, value: {} };
  if (type === "application/json" || type.endsWith("+json")) {
    if (raw.length === 0) return { ok: true, value: {} };
    try {
      const value: unknown = JSON.parse(raw.toString("utf8"));
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return { ok: false, detail: "request body must be a JSON object" };
      }
      return { ok: true, value: value as Record<string, unknown> };
    } catch {
      return { ok: false, detail: "request body is not valid JSON" };
    }
  }
  if (allowForm && type === "application/x-www-form-urlencoded") {
    const params = new URLSearchParams(raw.toString("utf8"));
    const value: Record<string, unknown> = {};
    for (const key of new Set(params.keys())) {
      const all = params.getAll(key);
      if (all.length > 1) return { ok: false, detail: `duplicate form parameter "${key}"` };
      if (all[0] !== "") value[key] = all[0];
    }
    return { ok: true, value };
  }
  if (type === "") return { ok: false, detail: "Content-Type header is required" };
  return { ok: false, detail: `unsupported Content-Type "${type}"` };
}
