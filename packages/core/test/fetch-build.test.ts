import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { FAST, harness } from "./helpers.js";

const h = harness();
const run = promisify(execFile);
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

// Needs the built dist (`pnpm build`), like every consumer of the package.
describe("fetch-only build (conditional exports)", () => {
  it.each(["workerd", "edge-light", "browser", "deno"])(
    "under the %s condition the package loads without Node modules and calls go through fetch",
    async (condition) => {
      const server = await h.server();
      server.route("POST", "/v1/guard", {
        headers: { "x-request-id": "edge-1" },
        body: { decision: "allow" },
      });
      server.route("GET", "/flaky", { status: 503, headers: FAST }, { body: { second: true } });
      server.route("GET", "/redirect", { status: 302, headers: { location: "http://elsewhere.test/" } });
      server.route("GET", "/big", { body: { pad: "x".repeat(5000) } });
      server.route("GET", "/stream", { sse: { events: [{ data: "one" }, { data: "two" }] } });
      const { stdout } = await run(
        process.execPath,
        [
          `--conditions=${condition}`,
          "--import",
          fixture("block-node-modules.mjs"),
          fixture("fetch-build-client.mjs"),
        ],
        { env: { ...process.env, TARGET: server.url }, timeout: 15_000 },
      );
      const out = JSON.parse(stdout.trim().split("\n").at(-1)!);
      expect(out.resolved).toMatch(/\/dist\/index-fetch\.js$/);
      expect(out.data).toEqual({ decision: "allow" });
      expect(out.requestId).toBe("edge-1");
      expect(out.retried).toEqual({ second: true });
      expect(out.redirect).toBe("redirect_refused");
      expect(out.big).toBe("response_too_large");
      expect(out.events).toEqual(["one", "two"]);
      expect(out.dispatcher).toBe("dispatcher");
      expect(server.requestsTo("GET", "/flaky")).toHaveLength(2);
      // fetch sends its own User-Agent only when none is given: ours must be there.
      expect(server.requests[0]!.headers["user-agent"]).toMatch(/^highflame-sdk-ts\//);
    },
  );

  it("under the node condition the Node build is used", async () => {
    const { stdout } = await run(
      process.execPath,
      ["--input-type=module", "-e", 'console.log(import.meta.resolve("@highflame/core"))'],
      { cwd: fileURLToPath(new URL("./fixtures/", import.meta.url)) },
    );
    expect(stdout.trim()).toMatch(/\/dist\/index\.js$/);
  });
});
