import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { writeFileAtomic } from "./atomic-write.js";
import { createStatePersister, loadStateFile, StateFileError } from "./state-file.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hf-atomic-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

it("replaces the file and leaves no temp files", async () => {
  const path = join(dir, "s.json");
  await writeFile(path, "old");
  await writeFileAtomic(path, "new");
  expect(await readFile(path, "utf8")).toBe("new");
  expect(await readdir(dir)).toEqual(["s.json"]);
});

it("fails without touching the target when the directory is missing", async () => {
  await expect(writeFileAtomic(join(dir, "missing", "s.json"), "x")).rejects.toThrow();
});

it("persister coalesces changes and flush writes the latest snapshot", async () => {
  const path = join(dir, "state.json");
  let n = 0;
  const persister = createStatePersister(path, () => ({ n }), 1000);
  for (let i = 0; i < 5; i++) {
    n = i;
    persister.schedule();
  }
  await persister.flush();
  expect(await loadStateFile(path)).toEqual({ n: 4 });
});

it("loadStateFile: missing → undefined, corrupt → StateFileError", async () => {
  expect(await loadStateFile(join(dir, "none.json"))).toBeUndefined();
  await writeFile(join(dir, "bad.json"), "{");
  await expect(loadStateFile(join(dir, "bad.json"))).rejects.toBeInstanceOf(StateFileError);
});

it("persister reports a snapshot that cannot be serialised, keeps the last good file and recovers", async () => {
  const path = join(dir, "state.json");
  const errors: unknown[] = [];
  let snapshot: () => unknown = () => ({ n: 1 });
  const persister = createStatePersister(
    path,
    () => snapshot(),
    1,
    (err) => errors.push(err),
  );
  persister.schedule();
  await persister.flush();
  snapshot = () => ({ n: 2n }); // BigInt: JSON.stringify throws
  persister.schedule();
  await new Promise((resolve) => setTimeout(resolve, 20)); // the timer fires; it must not throw
  await persister.flush();
  expect(errors).toHaveLength(1);
  expect(errors[0]).toBeInstanceOf(TypeError);
  expect(await loadStateFile(path)).toEqual({ n: 1 });
  snapshot = () => ({ n: 3 });
  persister.schedule();
  await persister.flush();
  expect(await loadStateFile(path)).toEqual({ n: 3 });
});
