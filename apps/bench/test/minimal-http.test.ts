import { connect, createServer, type Server, type Socket } from "node:net";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonResponse, type MinimalRequest, serveMinimalHttp } from "../src/stub/minimal-http.js";

let server: Server;
let port = 0;
const sockets = new Set<Socket>();
const seen: MinimalRequest[] = [];

beforeAll(async () => {
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    serveMinimalHttp(
      socket,
      (req) => {
        seen.push(req);
        return jsonResponse(200, JSON.stringify({ path: req.path, bytes: req.body.length }));
      },
      { maxHeaderBytes: 1024, maxBodyBytes: 64 },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/**
 * Writes `parts` one after another (each its own write) and returns what was read when the server closed, when
 * `until(text)` holds, or after `endAfterMs`.
 */
function exchange(
  parts: string[],
  { endAfterMs = 300, until = (_text: string): boolean => false } = {},
): Promise<{ text: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, "127.0.0.1");
    let text = "";
    let closedByServer = false;
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closedByServer });
    }, endAfterMs);
    socket.on("data", (chunk) => {
      text += chunk.toString("latin1");
      if (until(text)) {
        clearTimeout(timer);
        socket.destroy();
        resolve({ text, closedByServer });
      }
    });
    socket.on("end", () => {
      closedByServer = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closedByServer });
    });
    socket.on("error", reject);
    socket.on("connect", async () => {
      for (const part of parts) {
        socket.write(part);
        await new Promise((r) => setTimeout(r, 1));
      }
    });
  });
}

const post = (path: string, body: string) =>
  `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe("serveMinimalHttp", () => {
  it("answers real clients (undici) with keep-alive", async () => {
    const res = await request(`http://127.0.0.1:${port}/v1/guard`, {
      method: "POST",
      body: '{"content":"x"}',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["x-request-id"]).toBe("req_bench_stub");
    expect(await res.body.json()).toEqual({ path: "/v1/guard", bytes: 15 });
  });

  it("answers pipelined requests in order, and one split into single bytes", async () => {
    const pipelined = await exchange([post("/a", "1") + post("/b", "22")]);
    expect(pipelined.text.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
    expect(pipelined.text.indexOf('"path":"/a"')).toBeLessThan(pipelined.text.indexOf('"path":"/b"'));
    const bytes = post("/split", "abc").split("");
    const split = await exchange(bytes, { endAfterMs: 10_000, until: (text) => text.endsWith("}") });
    expect(split.text).toContain('{"path":"/split","bytes":3}');
  });

  it.each([
    ["a chunked body", "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n", 501],
    ["a body over the limit", post("/big", "x".repeat(65)), 413],
    ["a head over the limit", `GET /h HTTP/1.1\r\nX-Long: ${"y".repeat(2000)}\r\n\r\n`, 431],
    ["a malformed head", "NOT HTTP\r\n\r\n", 400],
    ["a bad content-length", "POST /n HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400],
  ])("answers %s with %s and closes the socket", async (_what, raw, status) => {
    const { text, closedByServer } = await exchange([raw]);
    expect(text.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
    expect(text).toContain("connection: close");
    expect(closedByServer).toBe(true);
  });

  it("closes after answering a request that asks for connection: close", async () => {
    const { text, closedByServer } = await exchange(["GET /bye HTTP/1.1\r\nConnection: close\r\n\r\n"]);
    expect(text).toContain('{"path":"/bye","bytes":0}');
    expect(closedByServer).toBe(true);
  });
});
