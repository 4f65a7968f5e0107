import { createServer, request as httpRequest, type Server } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { harness } from "./helpers.js";

const h = harness();

/** A real forward proxy on port 0: CONNECT tunnels and absolute-URI requests, each one recorded. */
async function startProxy() {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(String(req.url));
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  server.on("connect", (req, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = String(req.url).split(":");
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => s.destroy());
      s.on("close", () => sockets.delete(s));
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const VARS = ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"] as const;
const saved = Object.fromEntries(VARS.map((name) => [name, process.env[name]]));
const proxies: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const name of VARS) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

describe("proxy from the environment", () => {
  it("HTTP_PROXY routes the client's calls through the proxy", async () => {
    const proxy = await startProxy();
    proxies.push(proxy);
    const server = await h.server();
    server.route("POST", "/v1/guard", { body: { decision: "allow" } });
    for (const name of VARS) delete process.env[name];
    process.env.HTTP_PROXY = proxy.url;
    const { client } = h.client(server);
    expect(await client.request({ method: "POST", path: "/v1/guard", body: { q: 1 } })).toEqual({
      decision: "allow",
    });
    const host = new URL(server.url).host;
    expect(proxy.seen.length).toBeGreaterThan(0);
    expect(proxy.seen[0]).toMatch(new RegExp(`^(CONNECT ${host}|POST ${server.url}/v1/guard)$`));
    expect(server.requests[0]!.json).toEqual({ q: 1 });
  });

  it("NO_PROXY exempts a host", async () => {
    const proxy = await startProxy();
    proxies.push(proxy);
    const server = await h.server();
    server.route("GET", "/v1/x", { body: { ok: true } });
    for (const name of VARS) delete process.env[name];
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = "127.0.0.1";
    const { client } = h.client(server);
    expect(await client.request({ method: "GET", path: "/v1/x" })).toEqual({ ok: true });
    expect(proxy.seen).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it("without proxy variables the proxy is not used", async () => {
    const proxy = await startProxy();
    proxies.push(proxy);
    const server = await h.server();
    server.route("GET", "/v1/x", { body: { ok: true } });
    for (const name of VARS) delete process.env[name];
    const { client } = h.client(server);
    await client.request({ method: "GET", path: "/v1/x" });
    expect(proxy.seen).toEqual([]);
  });
});
