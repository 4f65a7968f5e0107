import { Agent, MockAgent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { userGlobalDispatcher } from "./interception.js";

const V1 = Symbol.for("undici.globalDispatcher.1");
const V2 = Symbol.for("undici.globalDispatcher.2");
type Globals = Record<symbol, unknown>;
const globals = globalThis as unknown as Globals;
const saved = { v1: globals[V1], v2: globals[V2] };

afterEach(() => {
  globals[V1] = saved.v1;
  if (saved.v2 === undefined) delete globals[V2];
  else globals[V2] = saved.v2;
});

/** What undici 8 (Node 26's bundled copy) puts under the `.1` symbol: a wrapper around its own global. */
class Dispatcher1Wrapper {
  dispatch(): boolean {
    return true;
  }
}

describe("userGlobalDispatcher", () => {
  it("is undefined while the global dispatcher is the one undici installed at load", () => {
    expect(userGlobalDispatcher()).toBeUndefined();
  });

  it("returns a MockAgent a user installed", () => {
    const mock = new MockAgent();
    globals[V1] = mock;
    expect(userGlobalDispatcher()).toBe(mock);
  });

  // Regression: on Node 26 the first use of Node's own fetch replaced the `.1` global with undici 8's wrapper of its
  // default Agent, and the SDK took that for a user's dispatcher, bypassing its own pool and HTTP(S)_PROXY.
  it("ignores undici 8's wrapper of its default Agent (Node 26 after any global fetch)", () => {
    globals[V2] = new Agent();
    globals[V1] = new Dispatcher1Wrapper();
    expect(userGlobalDispatcher()).toBeUndefined();
  });

  it("returns undici 8's wrapper when what it wraps is a dispatcher the user installed", () => {
    globals[V2] = new MockAgent();
    const wrapper = new Dispatcher1Wrapper();
    globals[V1] = wrapper;
    expect(userGlobalDispatcher()).toBe(wrapper);
  });
});
