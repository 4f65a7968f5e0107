import { createCapturingLogger } from "@highflame/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HttpClient, type Logger } from "../src/index.js";
import { FAST, harness } from "./helpers.js";

const h = harness();

afterEach(() => {
  vi.unstubAllEnvs();
});

async function retriedCall(options: {
  logLevel?: "off" | "error" | "warn" | "info" | "debug";
  logger?: Logger;
}) {
  const server = await h.server();
  server.route("POST", "/x", { status: 503, headers: FAST }, { status: 503, headers: FAST }, { body: {} });
  const logger = options.logger ?? createCapturingLogger();
  const { client } = h.client(server, { logger, logLevel: options.logLevel });
  await client.request({ method: "POST", path: "/x" });
  return { logger, client, server };
}

describe("log level", () => {
  it("debug (option) logs every attempt and the retries", async () => {
    const { logger } = await retriedCall({ logLevel: "debug" });
    const levels = (logger as ReturnType<typeof createCapturingLogger>).entries.map((e) => e.level);
    expect(levels.filter((l) => l === "debug")).toHaveLength(4);
    expect(levels.filter((l) => l === "info")).toHaveLength(2);
  });

  it("off (option) logs nothing, even with HIGHFLAME_LOG=debug", async () => {
    vi.stubEnv("HIGHFLAME_LOG", "debug");
    const { logger } = await retriedCall({ logLevel: "off" });
    expect((logger as ReturnType<typeof createCapturingLogger>).entries).toEqual([]);
  });

  it("HIGHFLAME_LOG=info is used when no option is given", async () => {
    vi.stubEnv("HIGHFLAME_LOG", "info");
    const { logger, client } = await retriedCall({});
    expect(client.logger.level).toBe("info");
    const entries = (logger as ReturnType<typeof createCapturingLogger>).entries;
    expect(entries.map((e) => e.level)).toEqual(["info", "info"]);
  });

  it("defaults to warn: a retried call that succeeds logs nothing", async () => {
    vi.stubEnv("HIGHFLAME_LOG", "");
    const { logger, client } = await retriedCall({});
    expect(client.logger.level).toBe("warn");
    expect((logger as ReturnType<typeof createCapturingLogger>).entries).toEqual([]);
  });
});

describe("logger shapes", () => {
  it("works with a pino-like object (methods that use `this`)", async () => {
    const pinoLike = {
      records: [] as Array<{ level: string; msg: string }>,
      write(level: string, msg: string) {
        this.records.push({ level, msg });
      },
      debug(msg: string) {
        this.write("debug", msg);
      },
      info(msg: string) {
        this.write("info", msg);
      },
      warn(msg: string) {
        this.write("warn", msg);
      },
      error(msg: string) {
        this.write("error", msg);
      },
      child() {
        return this;
      },
    };
    await retriedCall({ logger: pinoLike, logLevel: "info" });
    expect(pinoLike.records.map((r) => r.level)).toEqual(["info", "info"]);
    expect(pinoLike.records[0]!.msg).toMatch(/^\[highflame\] req_\w+ retrying in \d+ ms \(attempt 2 of 3\)/);
  });

  it("works with a winston-like object without an error method", async () => {
    const lines: string[] = [];
    const winstonLike = {
      log(entry: { level: string; message: string }) {
        lines.push(`${entry.level}: ${entry.message}`);
      },
      debug(message: string) {
        this.log({ level: "debug", message });
      },
      info(message: string) {
        this.log({ level: "info", message });
      },
      warn(message: string) {
        this.log({ level: "warn", message });
      },
    };
    await retriedCall({ logger: winstonLike, logLevel: "debug" });
    expect(lines.filter((l) => l.startsWith("debug: [highflame]"))).toHaveLength(4);
    expect(lines.filter((l) => l.startsWith("info: [highflame]"))).toHaveLength(2);
  });

  it("a logger that throws never breaks a request", async () => {
    const broken = {
      debug() {
        throw new Error("disk full");
      },
      info() {
        throw new Error("disk full");
      },
      warn() {},
    };
    await expect(retriedCall({ logger: broken, logLevel: "debug" })).resolves.toBeDefined();
  });
});

describe("request ids and attempt numbers", () => {
  it("each logical call has its own id; retries log their attempt number", async () => {
    const server = await h.server();
    server.route("POST", "/x", { status: 503, headers: FAST }, { status: 429, headers: FAST }, { body: {} });
    const { client, logger } = h.client(server);
    await client.request({ method: "POST", path: "/x" });
    await client.request({ method: "POST", path: "/x" });
    const ids = logger.entries.map((e) => /(req_[0-9a-f]{16})/.exec(e.message)?.[1]);
    expect(ids.every(Boolean)).toBe(true);
    const distinct = [...new Set(ids)];
    expect(distinct).toHaveLength(2);
    const first = logger.entries.filter((e) => e.message.includes(distinct[0]!)).map((e) => e.message);
    expect(first.filter((m) => / attempt [123]\/3$/.test(m)).map((m) => m.slice(-3))).toEqual([
      "1/3",
      "2/3",
      "3/3",
    ]);
    expect(
      first.filter((m) => m.includes("retrying in")).map((m) => /attempt (\d) of 3/.exec(m)![1]),
    ).toEqual(["2", "3"]);
    expect(first.some((m) => m.includes("after status 503"))).toBe(true);
    expect(first.some((m) => m.includes("after status 429"))).toBe(true);
  });

  it("a debug line carries the request headers with credentials redacted", async () => {
    const server = await h.server();
    server.route("GET", "/x", { body: {} });
    const { client, logger } = h.client(server, { headers: { authorization: "Basic dXNlcjpwYXNz" } });
    await client.request({ method: "GET", path: "/x" });
    const args = logger.entries[0]!.args[0] as { headers: Record<string, string> };
    expect(args.headers.authorization).toBe("[REDACTED]");
    expect(args.headers["user-agent"]).toMatch(/^highflame-sdk-ts\//);
  });

  it("constructing clients does not need a logger (console is the default)", () => {
    const client = new HttpClient({ baseUrl: "http://127.0.0.1:1", logLevel: "off" });
    expect(client.logger.level).toBe("off");
    return client.close();
  });
});
