import { expect, it } from "vitest";
import { SessionStore } from "./session-store.js";

const turn = { risk: 0.5, toolName: undefined, content: "x" };

function play(store: SessionStore, key: string): number {
  const projection = store.project(key, turn, undefined);
  store.commit(key, projection, undefined);
  return projection.after.turnCount;
}

it("holds at most maxSessions sessions, dropping the least recently used", () => {
  const store = new SessionStore(3);
  for (const key of ["a", "b", "c"]) play(store, key);
  expect(play(store, "a")).toBe(2); // a is now the most recently used; b the least
  play(store, "d"); // evicts b
  expect(store.size).toBe(3);
  expect(play(store, "a")).toBe(3);
  expect(play(store, "c")).toBe(2);
  expect(play(store, "b")).toBe(1); // forgotten: starts again (and evicts d)
  expect(store.size).toBe(3);
});

it("a flood of new session ids never grows the store past its bound", () => {
  const store = new SessionStore(100);
  for (let i = 0; i < 5000; i++) play(store, `s${i}`);
  expect(store.size).toBe(100);
  expect(play(store, "s4999")).toBe(2);
});
