import { connect } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/index.js";
import { rejectionOf, waitFor } from "./wait-for.js";

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

/** Send a raw GET and collect every byte until the server ends or drops the connection. */
function rawGet(url: string, path: string): Promise<{ bytes: Buffer; ended: "end" | "error" | "close" }> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname);
    let ended: "end" | "error" | "close" = "close";
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("end", () => {
      ended = "end";
    });
    socket.on("error", () => {
      ended = "error";
    });
    socket.on("close", () => resolve({ bytes: Buffer.concat(chunks), ended }));
    socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: keep-alive\r\n\r\n`);
  });
}

function splitResponse(bytes: Buffer): { head: string; body: Buffer } {
  const end = bytes.indexOf("\r\n\r\n");
  return { head: bytes.subarray(0, end).toString("latin1"), body: bytes.subarray(end + 4) };
}

describe("faults", () => {
  it("reset: fetch rejects with a connection reset and no response", async () => {
    server.route("GET", "/reset", { fault: "reset", status: 200, body: { never: true } });
    const error = await rejectionOf(fetch(`${server.url}/reset`));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError & { cause?: { code?: string } }).cause?.code).toBe("ECONNRESET");
    expect(server.requestsTo("GET", "/reset")).toHaveLength(1);
  });

  it("reset: a raw client receives zero bytes", async () => {
    server.route("GET", "/reset", { fault: "reset" });
    const { bytes } = await rawGet(server.url, "/reset");
    expect(bytes.length).toBe(0);
  });

  it("stall: the request never gets an answer and can be aborted with AbortSignal.timeout", async () => {
    server.route("GET", "/stall", { fault: "stall" });
    const error = await rejectionOf(fetch(`${server.url}/stall`, { signal: AbortSignal.timeout(200) }));
    expect(error).toMatchObject({ name: "TimeoutError" });
    expect(server.requestsTo("GET", "/stall")).toHaveLength(1);
  });

  it("reset-after-headers: fetch resolves with the status, reading the body rejects", async () => {
    server.route("GET", "/rah", {
      fault: "reset-after-headers",
      status: 200,
      headers: { "x-partial": "1" },
      body: { data: "y".repeat(1000) },
    });
    const res = await fetch(`${server.url}/rah`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-partial")).toBe("1");
    const error = await rejectionOf(res.text());
    expect(error).toBeInstanceOf(TypeError);
  });

  it("reset-after-headers: a raw client gets headers and part of the body, then the socket dies", async () => {
    const body = { data: "y".repeat(1000) };
    server.route("GET", "/rah", { fault: "reset-after-headers", body });
    const { bytes } = await rawGet(server.url, "/rah");
    const { head, body: received } = splitResponse(bytes);
    const full = Buffer.byteLength(JSON.stringify(body));
    expect(head).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(head.toLowerCase()).toContain(`content-length: ${full}`);
    expect(received.length).toBeGreaterThan(0);
    expect(received.length).toBeLessThan(full);
  });

  it("truncate: declares the full content-length, sends half, and reading the body rejects", async () => {
    const body = "z".repeat(2001);
    server.route("GET", "/trunc", { fault: "truncate", body });
    const res = await fetch(`${server.url}/trunc`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe("2001");
    const error = await rejectionOf(res.text());
    expect(error).toBeInstanceOf(TypeError);
  });

  it("truncate: a raw client receives exactly half of the body and a clean end of stream", async () => {
    server.route("GET", "/trunc", { fault: "truncate", body: "z".repeat(2001) });
    const { bytes, ended } = await rawGet(server.url, "/trunc");
    const { head, body } = splitResponse(bytes);
    expect(head.toLowerCase()).toContain("content-length: 2001");
    expect(body.toString()).toBe("z".repeat(1000));
    expect(ended).toBe("end");
  });

  it("faults without a body still have something to cut", async () => {
    server.route("GET", "/trunc", { fault: "truncate" });
    const res = await fetch(`${server.url}/trunc`);
    expect(Number(res.headers.get("content-length"))).toBeGreaterThan(1);
    await expect(res.text()).rejects.toBeInstanceOf(TypeError);
  });

  it("delay applies before a fault", async () => {
    server.route("GET", "/late-reset", { delayMs: 50, fault: "reset" });
    await expect(fetch(`${server.url}/late-reset`)).rejects.toBeInstanceOf(TypeError);
  });
});

describe("close()", () => {
  it("destroys a stalled request, resolves, and the client sees the connection drop", async () => {
    server.route("GET", "/stall", { fault: "stall" });
    const pending = rejectionOf(fetch(`${server.url}/stall`));
    await waitFor(() => server.requests.length === 1);
    await server.close();
    expect(await pending).toBeInstanceOf(TypeError);
    await expect(fetch(`${server.url}/stall`)).rejects.toBeInstanceOf(TypeError);
  });

  it("does not wait for a pending delay, and is idempotent", async () => {
    server.route("GET", "/slow", { delayMs: 60_000 });
    const pending = rejectionOf(fetch(`${server.url}/slow`));
    await waitFor(() => server.requests.length === 1);
    await Promise.all([server.close(), server.close()]);
    expect(await pending).toBeInstanceOf(TypeError);
  });

  it("closes idle keep-alive connections", async () => {
    server.route("GET", "/ok", { body: "ok" });
    expect(await (await fetch(`${server.url}/ok`)).text()).toBe("ok");
    await server.close();
    await expect(fetch(`${server.url}/ok`)).rejects.toBeInstanceOf(TypeError);
  });

  it("works with await using", async () => {
    let url = "";
    {
      await using scoped = await startTestServer({ routes: { "GET /x": { fault: "stall" } } });
      url = scoped.url;
      void fetch(`${url}/x`).catch(() => undefined);
      await waitFor(() => scoped.requests.length === 1);
    }
    await expect(fetch(`${url}/x`)).rejects.toBeInstanceOf(TypeError);
  });
});
