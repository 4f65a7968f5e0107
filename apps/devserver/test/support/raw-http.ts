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
