import { startForwardProxy } from "@highflame/testing";
import { afterEach, describe, expect, it } from "vitest";
import { harness } from "./helpers.js";

const h = harness();

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
    const proxy = await startForwardProxy();
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
    expect(proxy.requests.length).toBeGreaterThan(0);
    expect(proxy.requests[0]).toMatch(new RegExp(`^(CONNECT ${host}|POST ${server.url}/v1/guard)$`));
    expect(server.requests[0]!.json).toEqual({ q: 1 });
  });

  it("NO_PROXY exempts a host", async () => {
    const proxy = await startForwardProxy();
    proxies.push(proxy);
    const server = await h.server();
    server.route("GET", "/v1/x", { body: { ok: true } });
    for (const name of VARS) delete process.env[name];
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = "127.0.0.1";
    const { client } = h.client(server);
    expect(await client.request({ method: "GET", path: "/v1/x" })).toEqual({ ok: true });
    expect(proxy.requests).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it("without proxy variables the proxy is not used", async () => {
    const proxy = await startForwardProxy();
    proxies.push(proxy);
    const server = await h.server();
    server.route("GET", "/v1/x", { body: { ok: true } });
    for (const name of VARS) delete process.env[name];
    const { client } = h.client(server);
    await client.request({ method: "GET", path: "/v1/x" });
    expect(proxy.requests).toEqual([]);
  });
});
