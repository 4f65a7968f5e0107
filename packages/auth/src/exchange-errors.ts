import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  type APIErrorInit,
  AuthenticationError,
} from "@highflame/core";

/** OAuth `error` codes that mean "this key is not accepted". */
const REJECTED_KEY_ERRORS = new Set([
  "invalid_grant",
  "invalid_client",
  "unauthorized_client",
  "access_denied",
]);

/** The token URL as shown in messages: origin and path only (never userinfo, query or fragment). @internal */
export function displayTokenUrl(tokenUrl: string): string {
  try {
    const url = new URL(tokenUrl);
    return `${url.origin}${url.pathname}`;
  } catch {
    return "(invalid URL)";
  }
}

/**
 * Maps a failed exchange attempt to the error callers see. Every message names the token exchange and the
 * `tokenUrl` option, so a wrong URL is not mistaken for a failure of the caller's own request. The error class
 * (and `status`, `requestId`, body) is kept; a rejected key becomes an {@link AuthenticationError}.
 * @internal
 */
export function toExchangeError(error: unknown, tokenUrl: string): unknown {
  const where = `Token exchange at ${displayTokenUrl(tokenUrl)} (tokenUrl / HIGHFLAME_TOKEN_URL)`;
  if (error instanceof APIError) {
    const oauthError = error.title;
    const rejected =
      error.status === 401 ||
      (error.status === 400 && oauthError !== undefined && REJECTED_KEY_ERRORS.has(oauthError));
    const init: APIErrorInit = {
      status: error.status,
      headers: error.headers,
      parsed: { body: error.body, title: error.title, detail: error.detail, errors: error.errors },
      requestId: error.requestId,
      message: rejected
        ? `${where} rejected the service key (${error.status}${oauthError ? ` ${oauthError}` : ""})` +
          `${error.detail ? `: ${error.detail}` : ""}. Check apiKey / HIGHFLAME_API_KEY and that tokenUrl ` +
          "belongs to the same environment as the key."
        : `${where} failed: ${error.message}${hintFor(error.status)}`,
    };
    if (rejected) return new AuthenticationError(init);
    const Ctor = error.constructor as new (init: APIErrorInit) => APIError;
    try {
      return new Ctor(init);
    } catch {
      return error;
    }
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new APIConnectionTimeoutError(`${where} timed out: ${error.message}`, { cause: error });
  }
  if (error instanceof APIConnectionError) {
    return new APIConnectionError(`${where} could not connect: ${error.message}`, { cause: error });
  }
  return error;
}

function hintFor(status: number): string {
  return status === 404 || status === 405
    ? ". The token endpoint was not found there: check tokenUrl (ZeroID serves it at /oauth2/token)."
    : "";
}
