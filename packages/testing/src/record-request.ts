import type { IncomingMessage } from "node:http";
import type { RecordedRequest } from "./types.js";

/** Read the whole request body as bytes. @internal */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Build a {@link RecordedRequest} from a request whose body has been read. `attempt` and `connection` are filled in later. @internal */
export function recordRequest(req: IncomingMessage, raw: Buffer, receivedAt: number): RecordedRequest {
  const url = req.url ?? "/";
  const queryStart = url.indexOf("?");
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const query = new URLSearchParams(queryStart === -1 ? "" : url.slice(queryStart + 1));
  const body = raw.toString("utf8");
  const contentType = (req.headers["content-type"] ?? "").toLowerCase();
  const recorded: RecordedRequest = {
    method: req.method ?? "GET",
    url,
    path,
    query,
    headers: req.headers,
    body,
    json: parseJson(body),
    attempt: 0,
    connection: 0,
    receivedAt,
  };
  if (contentType.startsWith("application/x-www-form-urlencoded")) recorded.form = new URLSearchParams(body);
  return recorded;
}

function parseJson(body: string): unknown {
  if (body.trim() === "") return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
