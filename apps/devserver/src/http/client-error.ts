import { STATUS_CODES } from "node:http";

/** The answer to a request node's HTTP parser refused before any handler saw it. */
export interface ClientErrorResponse {
  status: number;
  title: string;
  detail: string;
}

/**
 * Maps a parser error code (`clientError`'s `err.code`) to a problem response; `undefined` means the
 * connection is gone and there is nobody to answer (the socket is destroyed instead).
 *
 * @param headerLimitBytes - The server's `maxHeaderSize`, named in the 431 detail.
 */
export function clientErrorResponse(
  code: string | undefined,
  headerLimitBytes: number,
): ClientErrorResponse | undefined {
  switch (code) {
    case "ECONNRESET":
    case "EPIPE":
      return undefined;
    case "HPE_HEADER_OVERFLOW":
      return {
        status: 431,
        title: "request_header_fields_too_large",
        detail: `request line and headers exceed the server's limit of ${headerLimitBytes} bytes`,
      };
    case "HPE_INVALID_METHOD":
      return {
        status: 501,
        title: "not_implemented",
        detail: "request method is not supported by this server",
      };
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return { status: 408, title: "request_timeout", detail: "the request was not received in time" };
    default:
      return {
        status: 400,
        title: "bad_request",
        detail: `malformed HTTP request (${code ?? "parse error"})`,
      };
  }
}

/** A complete `connection: close` HTTP/1.1 response carrying an RFC 9457 problem document, as raw bytes. */
export function rawProblem(status: number, title: string, detail: string): string {
  const body = JSON.stringify({ title, status, detail });
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}`,
    "content-type: application/problem+json",
    `content-length: ${Buffer.byteLength(body)}`,
    "connection: close",
    "",
    body,
  ].join("\r\n");
}
