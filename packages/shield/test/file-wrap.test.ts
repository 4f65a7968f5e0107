import { ConfigurationError } from "@highflame/core";
import { describe, expect, it } from "vitest";
import { BlockedError, Shield } from "../src/index.js";
import { harness } from "./helpers.js";

/** A Shield that denies writes whose file.path climbs out of the working directory. */
const pathPolicy = (req: { json: unknown }) => {
  const body = req.json as { file?: { path?: string } };
  const bad = body.file?.path?.includes("..") === true;
  return { body: bad ? { decision: "deny", reason: "path traversal" } : { decision: "allow" } };
};

describe("shield.wrap for file operations sends the path as file context", () => {
  it('write(path, data) with contentArg "data": path traversal is denied before write runs', async () => {
    await using h = await harness();
    h.server.route("POST", "/v1/guard", pathPolicy);
    const written: string[] = [];
    const write = new Shield(h.client).wrap({
      contentType: "file",
      action: "write_file",
      contentArg: "data",
    })(async (path: string, data: string) => {
      written.push(path);
      return data.length;
    });
    await expect(write("../../etc/passwd", "x")).rejects.toBeInstanceOf(BlockedError);
    expect(written).toEqual([]);
    expect(await write("notes/today.txt", "hello")).toBe(5);
    expect(written).toEqual(["notes/today.txt"]);
    const sent = h.guardCalls().map((r) => r.json as Record<string, unknown>);
    expect(sent[0]).toMatchObject({
      content: "x",
      content_type: "file",
      action: "write_file",
      file: { path: "../../etc/passwd", operation: "write" },
    });
    expect(sent[1]).toMatchObject({ content: "hello", file: { path: "notes/today.txt" } });
  });

  it("finds a parameter named like a path, takes pathArg, keeps request.file fields, reads file: URLs", async () => {
    await using h = await harness();
    const shield = new Shield(h.client);
    await shield.wrap({ contentType: "file", action: "read_file" })(async (filename: string) => filename)(
      "a.txt",
    );
    await shield.wrap({
      contentType: "file",
      action: "write_file",
      contentArg: 0,
      pathArg: 1,
      request: { file: { mime: "text/plain" } },
    })(async (body: string, where: URL) => `${body}${where}`)("x", new URL("file:///tmp/o%20k.txt"));
    const [read, write] = h.guardCalls().map((r) => r.json as { file?: Record<string, unknown> });
    expect(read!.file).toEqual({ path: "a.txt", operation: "read" });
    expect(write!.file).toEqual({ mime: "text/plain", path: "/tmp/o k.txt", operation: "write" });
  });

  it("a pathArg that is not a parameter is a configuration error at wrap time", () => {
    const shield = new Shield({ guard: { evaluate: async () => ({ decision: "allow" }) } });
    expect(() =>
      shield.wrap({ contentType: "file", action: "write_file", pathArg: "nope" })(async (p: string) => p),
    ).toThrow(ConfigurationError);
  });
});
