import { describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  InternalServerError,
} from "../src/index.js";
import { abortOnRetry, FAST, harness, pause, rejectionOf, waitFor } from "./helpers.js";

const h = harness();

describe("per-attempt timeout", () => {
  it("a stalled server raises APIConnectionTimeoutError after one attempt with maxRetries 0", async () => {
    const server = await h.server();
    server.route("GET", "/x", { fault: "stall" });
    const { client } = h.client(server, { maxRetries: 0 });
    const error = (await rejectionOf(client.request({ method: "GET", path: "/x", timeout: 100 }))) as Error;
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as APIConnectionTimeoutError).code).toBe("timeout");
    expect(error.message).toMatch(/timed out after 100 ms/);
    expect(server.requests).toHaveLength(1);
  });

  it("every stalled attempt is counted, then the timeout surfaces", async () => {
    const server = await h.server();
    server.route("GET", "/x", { fault: "stall" });
    const { client } = h.client(server, { timeout: 80, maxRetries: 1 });
    await expect(client.request({ method: "GET", path: "/x" })).rejects.toBeInstanceOf(
      APIConnectionTimeoutError,
    );
    expect(server.requests.map((r) => r.headers["x-highflame-retry-count"])).toEqual(["0", "1"]);
  });

  it("covers a body that stalls after the headers", async () => {
    const server = await h.server();
    server.route("GET", "/x", (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"partial":');
    });
    const { client } = h.client(server, { maxRetries: 0, timeout: 150 });
    await expect(client.request({ method: "GET", path: "/x" })).rejects.toBeInstanceOf(
      APIConnectionTimeoutError,
    );
  });
});

describe("deadline across attempts", () => {
  it("ends a stalled call with a timeout error and makes no further attempt", async () => {
    const server = await h.server();
    server.route("GET", "/x", { fault: "stall" });
    const { client } = h.client(server, { maxRetries: 5, timeout: 30_000 });
    const error = (await rejectionOf(client.request({ method: "GET", path: "/x", deadline: 200 }))) as Error;
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error.message).toMatch(/Deadline of 200 ms/);
    await pause(300);
    expect(server.requests).toHaveLength(1);
  });

  it("the deadline spans several attempts: retries happen, the one still running when it expires is cut", async () => {
    const server = await h.server();
    server.route(
      "GET",
      "/x",
      { status: 503, headers: FAST },
      { status: 503, headers: FAST },
      { fault: "stall" },
    );
    const { client } = h.client(server, { deadline: 300, maxRetries: 10 });
    await expect(client.request({ method: "GET", path: "/x" })).rejects.toBeInstanceOf(
      APIConnectionTimeoutError,
    );
    await pause(200);
    expect(server.requests).toHaveLength(3);
  });

  it("does not start a backoff that would outlive the deadline; the last API error surfaces at once", async () => {
    const server = await h.server();
    server.route("GET", "/x", { status: 503, headers: { "retry-after-ms": "5000" } }, { body: {} });
    const { client, logger } = h.client(server, { deadline: 1000 });
    await expect(client.request({ method: "GET", path: "/x" })).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(1);
    expect(logger.text()).not.toMatch(/retrying in/);
  });
});

describe("caller AbortSignal", () => {
  it("aborting during a request raises APIUserAbortError and no further attempt reaches the server", async () => {
    const server = await h.server();
    server.route("POST", "/x", { fault: "stall" });
    const { client } = h.client(server, { maxRetries: 3 });
    const controller = new AbortController();
    const pending = rejectionOf(client.request({ method: "POST", path: "/x", signal: controller.signal }));
    await waitFor(() => server.requests.length === 1);
    controller.abort(new Error("user changed their mind"));
    const error = (await pending) as APIUserAbortError;
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(error.code).toBe("aborted");
    await pause(700);
    expect(server.requests).toHaveLength(1);
  });

  it("aborting during backoff raises APIUserAbortError without another attempt", async () => {
    const server = await h.server();
    server.route("GET", "/x", { status: 503, headers: { "retry-after-ms": "10000" } }, { body: {} });
    const controller = new AbortController();
    const { client } = h.client(server, { logger: abortOnRetry(controller) });
    const error = await rejectionOf(client.request({ method: "GET", path: "/x", signal: controller.signal }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    await pause(100);
    expect(server.requests).toHaveLength(1);
  });

  it("aborting during a backoff started by a timer (not the logger) also stops the call", async () => {
    const server = await h.server();
    server.route("GET", "/x", { status: 429, headers: { "retry-after": "20" } }, { body: {} });
    const { client } = h.client(server);
    const controller = new AbortController();
    const pending = rejectionOf(client.request({ method: "GET", path: "/x", signal: controller.signal }));
    await waitFor(() => server.requests.length === 1);
    await pause(50);
    controller.abort();
    expect(await pending).toBeInstanceOf(APIUserAbortError);
    expect(server.requests).toHaveLength(1);
  });

  it("an already-aborted signal sends no request at all", async () => {
    const server = await h.server();
    server.route("GET", "/x", { body: {} });
    const { client } = h.client(server);
    await expect(
      client.request({ method: "GET", path: "/x", signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(APIUserAbortError);
    expect(server.requests).toHaveLength(0);
    expect(server.connectionCount).toBe(0);
  });

  it("a signal that is never aborted does not affect a successful call", async () => {
    const server = await h.server();
    server.route("GET", "/x", { body: { ok: true } });
    const { client } = h.client(server);
    const controller = new AbortController();
    expect(await client.request({ method: "GET", path: "/x", signal: controller.signal })).toEqual({
      ok: true,
    });
    controller.abort();
  });
});
