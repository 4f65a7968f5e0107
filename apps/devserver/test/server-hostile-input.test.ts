import { request } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, METADATA_LIMIT_BYTES } from "../src/http/body.js";
import { type Harness, prompt, startHarness, tokenForTenant } from "./support/helpers.js";
import { rawRequest, uploadRaw } from "./support/raw-http.js";

let h: Harness;
let tenant: Record<string, string>;
beforeAll(async () => {
  h = await startHarness({ bodyLimitBytes: 64 * 1024 });
  tenant = {
    "content-type": "application/json",
    "x-account-id": h.server.accountId,
    "x-project-id": h.server.projectId,
  };
});
afterAll(() => h?.server.close());

/** `{"a":{"a":…1…}}` nested `depth` objects deep. */
export function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

const createIdentity = (externalId: string, metadata: string) =>
  fetch(`${h.server.url}/api/v1/identities`, {
    method: "POST",
    headers: tenant,
    body: `{"external_id":"${externalId}","owner_user_id":"u1","metadata":${metadata}}`,
  });

async function expectProblem(res: Response, status: number): Promise<{ title: string; detail: string }> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = (await res.json()) as { status: number; title: string; detail: string };
  expect(body.status).toBe(status);
  return body;
}

describe("deep and large metadata (without --state)", () => {
  it.each([3000, 5000])(
    "metadata nested %i deep → 400, nothing stored, lists keep working",
    async (depth) => {
      const problem = await expectProblem(await createIdentity(`deep-${depth}`, nested(depth)), 400);
      expect(problem.detail).toContain(`deeper than ${MAX_JSON_DEPTH} levels`);
      for (const path of ["/api/v1/identities", "/api/v1/agents/registry"]) {
        const list = await fetch(h.server.url + path, { headers: tenant });
        expect(list.status).toBe(200);
        expect(JSON.stringify(await list.json())).not.toContain(`deep-${depth}`);
      }
    },
  );

  it("metadata at the depth limit is accepted and read back", async () => {
    // The body is level 1 and metadata level 2, so metadata may hold MAX_JSON_DEPTH - 2 more levels.
    const res = await createIdentity("at-limit", nested(MAX_JSON_DEPTH - 1));
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const back = await fetch(`${h.server.url}/api/v1/identities/${id}`, { headers: tenant });
    expect(back.status).toBe(200);
    expect(JSON.stringify(((await back.json()) as { metadata: unknown }).metadata)).toBe(
      nested(MAX_JSON_DEPTH - 1),
    );
  });

  it("metadata over the size limit → 413 naming the field", async () => {
    const big = JSON.stringify({ blob: "x".repeat(METADATA_LIMIT_BYTES) });
    const problem = await expectProblem(await createIdentity("big-meta", big), 413);
    expect(problem.detail).toContain("body.metadata");
    const guard = await h.post("/v1/guard", { ...prompt("hi"), metadata: JSON.parse(big) });
    expect((await expectProblem(guard, 413)).detail).toContain("body.metadata");
  });

  it("a deeply nested guard body → 400 (never reaches Cedar or zod)", async () => {
    const body = `{"content":"x","content_type":"prompt","action":"process_prompt","metadata":${nested(5000)}}`;
    await expectProblem(await h.post("/v1/guard", body), 400);
    await expectProblem(await h.post("/v1/guard", `[${"[".repeat(10_000)}`), 400);
    expect((await h.guard(prompt("still fine"))).decision).toBe("allow");
  });
});

describe("bad percent-encoding", () => {
  it.each(["/api/v1/identities/%FF", "/api/v1/identities/%E0%A4%A"])("%s → 400 problem", async (path) => {
    const problem = await expectProblem(await fetch(h.server.url + path, { headers: tenant }), 400);
    expect(problem.detail).toContain("percent-encoding");
  });

  it.each(["/oauth2/token", "/oauth2/token/introspect"])(
    "Basic %E0%A4%A:secret on %s → 400",
    async (path) => {
      const res = await fetch(h.server.url + path, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `Basic ${Buffer.from("%E0%A4%A:secret").toString("base64")}`,
        },
        body: path === "/oauth2/token" ? "grant_type=client_credentials" : "token=abc",
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: string; error_description: string };
      expect(body.error).toBe("invalid_request");
      expect(body.error_description).toContain("percent-encoding");
      expect(body.error_description).not.toContain("secret");
    },
  );
});

describe("requests the parser refuses", () => {
  it("a 64 KiB header → 431 with a problem body", async () => {
    const reply = await rawRequest(
      h.server.url,
      `GET /v1/health HTTP/1.1\r\nhost: x\r\nconnection: close\r\nx-big: ${"a".repeat(64 * 1024)}\r\n\r\n`,
    );
    expect(reply.status).toBe(431);
    expect(reply.headers["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(reply.body)).toMatchObject({ status: 431, title: "request_header_fields_too_large" });
  });

  it.each(["BREW", "PROPFIND", "CONNECT"])("%s → 501 with a problem body", async (method) => {
    const target = method === "CONNECT" ? "example.com:443" : "/v1/health";
    const reply = await rawRequest(
      h.server.url,
      `${method} ${target} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`,
    );
    expect(reply.status).toBe(501);
    expect(reply.headers["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(reply.body)).toMatchObject({ status: 501, title: "not_implemented" });
  });

  it("clients that reset right after CONNECT or mid-request do not bring the server down", async () => {
    const { port } = new URL(h.server.url);
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve) => {
        const socket = connect(Number(port), "127.0.0.1", () => {
          socket.write(
            i % 2 === 0
              ? "CONNECT example.com:443 HTTP/1.1\r\nhost: example.com:443\r\n\r\n"
              : "POST /v1/guard HTTP/1.1\r\nhost: x\r\ncontent-length: 100000\r\n\r\n{",
          );
          setTimeout(() => {
            socket.resetAndDestroy();
            resolve();
          }, 5);
        });
        socket.on("error", () => {});
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await fetch(`${h.server.url}/v1/health`)).status).toBe(200);
  });

  it("the server still answers afterwards", async () => {
    expect((await fetch(`${h.server.url}/v1/health`)).status).toBe(200);
  });
});

describe("413 is always delivered as a response", () => {
  it("fetch sending 6 MiB to a 64 KiB limit reads a 413 problem every time (no reset, no EPIPE)", async () => {
    // More than loopback socket buffers hold: a server that closes early makes the client's writes fail.
    const body = "x".repeat(6 * 1024 * 1024);
    for (let i = 0; i < 5; i++) {
      const res = await h.post("/v1/guard", body);
      await expectProblem(res, 413);
    }
  });

  it.each([
    ["with Content-Length", { "content-length": String(6 * 1024 * 1024) }],
    ["chunked", {}],
  ])("a node client writing 6 MiB (%s) gets the 413", async (_name, lengthHeader) => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${h.server.url}/v1/guard`, {
        method: "POST",
        headers: { "content-type": "application/json", ...lengthHeader },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      for (let i = 0; i < 768; i++) req.write(Buffer.alloc(8 * 1024, 0x78));
      req.end();
    });
    expect(status).toBe(413);
  });

  it.each([
    ["Content-Length", false],
    ["chunked", true],
  ])(
    "a raw client uploading 6 MiB (%s) reads the 413 and its writes never fail (no EPIPE)",
    async (_name, chunked) => {
      for (let i = 0; i < 5; i++) {
        const outcome = await uploadRaw(h.server.url, "/v1/guard", 6 * 1024 * 1024, chunked);
        expect(outcome).toEqual({ status: 413, error: undefined });
      }
    },
  );

  it("fetch streaming 6 MiB without a length reads the 413 every time", async () => {
    for (let i = 0; i < 3; i++) {
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= 6 * 1024 * 1024) controller.close();
          else {
            controller.enqueue(new Uint8Array(64 * 1024).fill(0x78));
            sent += 64 * 1024;
          }
        },
      });
      const res = await fetch(`${h.server.url}/v1/guard`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${h.token}` },
        body: stream,
        duplex: "half",
      } as RequestInit);
      await expectProblem(res, 413);
    }
  });

  it("Expect: 100-continue with an oversized Content-Length is refused before the body is sent", async () => {
    const reply = await rawRequest(
      h.server.url,
      `POST /v1/guard HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: 10000000\r\nexpect: 100-continue\r\n\r\n`,
    );
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toMatchObject({ status: 413, title: "payload_too_large" });
  });
});

describe("tenant isolation on guard calls", () => {
  it.each([
    ["x-account-id", "someone-else"],
    ["x-project-id", "someone-elses-project"],
  ])("%s naming another tenant → 403", async (name, value) => {
    for (const path of ["/v1/guard", "/v1/guard/stream"]) {
      const problem = await expectProblem(await h.post(path, prompt("hi"), { [name]: value }), 403);
      expect(problem.title).toBe("tenant_mismatch");
    }
  });

  it("another tenant's token cannot name this tenant", async () => {
    const other = await tokenForTenant(h.server.url, "acct-other", "proj-other");
    const res = await h.post("/v1/guard", prompt("hi"), {
      authorization: `Bearer ${other}`,
      "x-account-id": h.server.accountId,
      "x-project-id": h.server.projectId,
    });
    await expectProblem(res, 403);
  });
});
