import { connect } from "node:net";

/** A response read off a raw socket: status, lower-cased headers, body text. */
export interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Writes `request` verbatim to a new connection and reads until the server closes it (or `timeoutMs` passes,
 * then whatever arrived is returned). For requests `fetch` refuses to send: unknown methods, CONNECT, huge headers.
 */
export function rawRequest(url: string, request: string | Buffer, timeoutMs = 5000): Promise<RawReply> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on("data", (d: Buffer) => chunks.push(d));
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString("utf8");
      const split = text.indexOf("\r\n\r\n");
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (!match || split < 0) {
        reject(new Error(`no HTTP response on the socket: ${JSON.stringify(text.slice(0, 200))}`));
        return;
      }
      const headers: Record<string, string> = {};
      for (const line of text.slice(0, split).split("\r\n").slice(1)) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(match[1]), headers, body: text.slice(split + 4) });
    });
  });
}

/** What a client that uploads a body over a raw socket saw: the status line's code and any socket error. */
export interface UploadOutcome {
  status: number | undefined;
  error: string | undefined;
}

/**
 * POSTs `totalBytes` of body to `path` over a raw socket, writing 64 KiB at a time and waiting for `drain`, as a
 * careful client does; `chunked` uses chunked transfer coding instead of Content-Length. A server that closes
 * before reading the body makes these writes fail (EPIPE / ECONNRESET), which is what `error` reports.
 */
export function uploadRaw(
  url: string,
  path: string,
  totalBytes: number,
  chunked: boolean,
): Promise<UploadOutcome> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let data = "";
    let error: string | undefined;
    socket.on("data", (d: Buffer) => {
      data += d.toString("latin1");
    });
    socket.on("error", (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    socket.on("close", () => {
      const match = /^HTTP\/1\.1 (\d{3})/.exec(data);
      resolve({ status: match ? Number(match[1]) : undefined, error });
    });
    socket.on("connect", async () => {
      const length = chunked ? "transfer-encoding: chunked" : `content-length: ${totalBytes}`;
      socket.write(`POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n${length}\r\n\r\n`);
      const chunk = Buffer.alloc(64 * 1024, 0x78);
      for (let sent = 0; sent < totalBytes && !socket.destroyed; sent += chunk.length) {
        const piece = chunked
          ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")])
          : chunk;
        if (!socket.write(piece)) {
          await new Promise((r) => {
            socket.once("drain", r);
            socket.once("close", r);
          });
        }
      }
      if (chunked && !socket.destroyed) socket.write("0\r\n\r\n");
    });
  });
}
