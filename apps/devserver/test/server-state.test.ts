import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StateFileError, startDevServer } from "../src/index.js";
import { fetchToken } from "./support/helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hf-dev-state-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function createApiKey(url: string, accountId: string, projectId: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/api-keys`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-account-id": accountId, "x-project-id": projectId },
    body: JSON.stringify({ name: "survives-restart" }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { key: string }).key;
}

describe("state file", () => {
  it("keys issued before a restart still work after it", async () => {
    const stateFile = join(dir, "state.json");
    const first = await startDevServer({ stateFile });
    const issued = await createApiKey(first.url, first.accountId, first.projectId);
    await fetchToken(first.url, issued);
    await first.close();

    const doc = JSON.parse(await readFile(stateFile, "utf8")) as { version: number; zeroid: unknown };
    expect(doc.version).toBe(1);
    expect(doc.zeroid).toBeTruthy();
    expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);

    const second = await startDevServer({ stateFile });
    try {
      expect(second.apiKey).toBe(first.apiKey);
      expect(second.accountId).toBe(first.accountId);
      const token = await fetchToken(second.url, issued);
      const guard = await fetch(`${second.url}/v1/guard`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ content: "hi", content_type: "prompt", action: "process_prompt" }),
      });
      expect(guard.status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it("changes are on disk before their responses, while running (atomic)", async () => {
    const stateFile = join(dir, "live.json");
    const copy = join(dir, "copy.json");
    const s = await startDevServer({ stateFile });
    try {
      const keys = await Promise.all([1, 2, 3].map(() => createApiKey(s.url, s.accountId, s.projectId)));
      // No waiting: every 201 above was sent after the write that holds its key.
      await writeFile(copy, await readFile(stateFile, "utf8"));
      const fromCopy = await startDevServer({ stateFile: copy });
      try {
        for (const key of keys) await fetchToken(fromCopy.url, key);
      } finally {
        await fromCopy.close();
      }
    } finally {
      await s.close();
    }
  });

  it("deep metadata with --state: refused, the server stays up, later acknowledged changes survive a restart", async () => {
    const stateFile = join(dir, "deep.json");
    const first = await startDevServer({ stateFile });
    const headers = {
      "content-type": "application/json",
      "x-account-id": first.accountId,
      "x-project-id": first.projectId,
    };
    const deep = `${'{"a":'.repeat(3000)}1${"}".repeat(3000)}`;
    const refused = await fetch(`${first.url}/api/v1/identities`, {
      method: "POST",
      headers,
      body: `{"external_id":"deep","owner_user_id":"u1","metadata":${deep}}`,
    });
    expect(refused.status).toBe(400);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    const later = await fetch(`${first.url}/api/v1/identities`, {
      method: "POST",
      headers,
      body: JSON.stringify({ external_id: "after-deep", owner_user_id: "u1", metadata: { ok: true } }),
    });
    expect(later.status).toBe(201);
    const { id } = (await later.json()) as { id: string };
    await new Promise((resolve) => setTimeout(resolve, 100)); // past the 25 ms debounce: the write runs
    expect((await fetch(`${first.url}/health`)).status).toBe(200);
    await first.close();

    const second = await startDevServer({ stateFile });
    try {
      const back = await fetch(`${second.url}/api/v1/identities/${id}`, { headers });
      expect(back.status).toBe(200);
      expect(await back.json()).toMatchObject({ external_id: "after-deep", metadata: { ok: true } });
    } finally {
      await second.close();
    }
  });

  it("a corrupt state file fails at startup with a clear message", async () => {
    const stateFile = join(dir, "bad.json");
    await writeFile(stateFile, '{"version": 1, "zeroid": {tor');
    const err = await startDevServer({ stateFile }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateFileError);
    expect((err as Error).message).toContain(stateFile);
    expect((err as Error).message).toMatch(/corrupt/);
    await writeFile(stateFile, '{"something": "else"}');
    await expect(startDevServer({ stateFile })).rejects.toThrow(/not a highflame-dev state file/);
  });

  it("a missing state file starts fresh and creates it", async () => {
    const stateFile = join(dir, "new.json");
    const s = await startDevServer({ stateFile });
    await s.close();
    expect(JSON.parse(await readFile(stateFile, "utf8")).version).toBe(1);
  });
});
