import { generateTestKey } from "@highflame/testing";
import { describe, expect, it } from "vitest";
import { type AuthProvider, HighflameError } from "../src/index.js";
import { FAST, harness, rejectionOf } from "./helpers.js";
import { fakeJwt } from "./secrets.js";

const h = harness();

describe("secrets never reach logs or errors", () => {
  it("keys and JWTs in headers, bodies, URLs and server error bodies stay out of debug logs and error output", async () => {
    const apiKey = generateTestKey("hf_sk_");
    const zidKey = generateTestKey("zid_sk_");
    const jwt = fakeJwt();
    const cookieSecret = generateTestKey();
    const secrets = [apiKey, zidKey, jwt, cookieSecret];

    const server = await h.server();
    const echo = {
      title: `invalid key ${apiKey}`,
      detail: `token ${jwt} and ${zidKey} rejected`,
    };
    server.route("POST", "/v1/a", { status: 503, headers: FAST, body: echo }, { status: 401, body: echo });
    server.route("POST", "/v1/b", { status: 500, headers: FAST, body: `plain text ${zidKey} ${jwt}` });
    server.route("POST", "/oauth/token", {
      status: 400,
      body: { error: "invalid_grant", error_description: `bad ${jwt}` },
    });
    server.route("GET", "/v1/c", { fault: "reset" });

    const auth: AuthProvider = {
      authHeaders: async () => ({ authorization: `Bearer ${jwt}` }),
      invalidate() {},
    };
    const { client, logger } = h.client(server, {
      auth,
      headers: { "x-api-key": apiKey, cookie: `session=${cookieSecret}`, "x-trace": `trace ${zidKey}` },
      maxRetries: 1,
    });

    const errors = [
      await rejectionOf(
        client.request({ method: "POST", path: "/v1/a", body: { api_key: apiKey, note: zidKey } }),
      ),
      await rejectionOf(
        client.request({
          method: "POST",
          path: "/v1/b",
          query: { q: JSON.stringify({ t: jwt }), key: apiKey },
        }),
      ),
      await rejectionOf(
        client.request({
          method: "POST",
          url: `${server.url}/oauth/token`,
          form: { grant_type: "jwt-bearer", assertion: jwt, client_secret: zidKey },
        }),
      ),
      await rejectionOf(client.request({ method: "GET", path: "/v1/c", maxRetries: 0 })),
    ];

    // The secrets really were sent and echoed, so the assertions below can fail.
    const sent = JSON.stringify(server.requests.map((r) => ({ h: r.headers, b: r.body, u: r.url })));
    for (const secret of secrets) expect(sent).toContain(secret);
    expect(logger.entries.filter((e) => e.level === "debug").length).toBeGreaterThan(4);

    const log = logger.text();
    for (const error of errors) {
      expect(error).toBeInstanceOf(HighflameError);
      const e = error as HighflameError;
      const surfaces = [
        log,
        e.message,
        String(e),
        JSON.stringify(e),
        JSON.stringify(e.toJSON()),
        e.stack ?? "",
      ];
      for (const text of surfaces) for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});
