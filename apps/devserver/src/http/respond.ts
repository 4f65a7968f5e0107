import type { ServerResponse } from "node:http";

/** One entry of a problem document's `errors` array (ZeroID schema failures). */
export interface ProblemFieldError {
  message: string;
  location: string;
  value?: unknown;
}

/** Sends a JSON body with the given status. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

/** Sends an empty response (e.g. 204). */
export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { "content-length": 0 });
  res.end();
}

/** Sends an RFC 9457 problem document (error shape B of the ZeroID spec; the Shield error shape). */
export function sendProblem(
  res: ServerResponse,
  status: number,
  title: string,
  detail: string,
  extra: { errors?: ProblemFieldError[]; headers?: Record<string, string> } = {},
): void {
  const body: Record<string, unknown> = { title, status, detail };
  if (extra.errors) body.errors = extra.errors;
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/problem+json",
    "content-length": Buffer.byteLength(payload),
    ...extra.headers,
  });
  res.end(payload);
}

/** Sends an OAuth error body `{error, error_description}` (error shape A of the ZeroID spec). */
export function sendOAuthError(
  res: ServerResponse,
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error, error_description: description }, headers);
}
