import { type DevServer, startDevServer } from "@highflame/devserver";
import { createCapturingLogger } from "@highflame/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { BlockedError, Highflame, Shield } from "../src/index.js";

let dev: DevServer;
beforeAll(async () => {
  dev = await startDevServer({ port: 0 });
});
afterAll(() => dev?.close());

it("shield.wrap(write, { contentArg: 'data' }) is denied for ../../etc/passwd by the dev server's path policy", async () => {
  await using client = new Highflame({
    apiKey: dev.apiKey,
    baseUrl: dev.url,
    tokenUrl: `${dev.url}/oauth2/token`,
    logger: createCapturingLogger(),
  });
  const written: string[] = [];
  const write = new Shield(client).wrap({ contentType: "file", action: "write_file", contentArg: "data" })(
    async (path: string, data: string) => {
      written.push(`${path}:${data}`);
    },
  );
  const error = await write("../../etc/passwd", "x").catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BlockedError);
  expect(written).toEqual([]);
  // The same check, made directly with file.path, is denied too: the wrapper sends what a direct check sends.
  const direct = await client.guard.evaluate({
    content: "x",
    content_type: "file",
    action: "write_file",
    file: { path: "../../etc/passwd" },
  });
  expect(direct.decision).toBe("deny");
  await write("notes/today.txt", "hello");
  expect(written).toEqual(["notes/today.txt:hello"]);
});
