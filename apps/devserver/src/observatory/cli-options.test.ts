import { describe, expect, it } from "vitest";
import { observatoryCliOptions } from "./cli-options.js";

const none = { port: undefined, events: undefined, content: undefined };

describe("observatoryCliOptions", () => {
  it("defaults to the API port + 1, ephemeral with an ephemeral API port", () => {
    expect(observatoryCliOptions({ ...none, apiPort: 8899 })).toEqual({ port: 8900 });
    expect(observatoryCliOptions({ ...none, apiPort: 0 })).toEqual({ port: 0 });
    expect(observatoryCliOptions({ ...none, apiPort: 65535 })).toEqual({ port: 0 });
  });

  it("reads the port, store size and content setting; off turns it off", () => {
    expect(observatoryCliOptions({ port: "9001", events: "200", content: "off", apiPort: 8899 })).toEqual({
      port: 9001,
      maxEvents: 200,
      content: "off",
    });
    expect(observatoryCliOptions({ ...none, port: "off", apiPort: 8899 })).toBeUndefined();
  });

  it("rejects bad values with a message naming the flag", () => {
    expect(() => observatoryCliOptions({ ...none, port: "http", apiPort: 1 })).toThrow(/--observatory-port/);
    expect(() => observatoryCliOptions({ ...none, port: "70000", apiPort: 1 })).toThrow(/--observatory-port/);
    expect(() => observatoryCliOptions({ ...none, events: "0", apiPort: 1 })).toThrow(/--observatory-events/);
    expect(() => observatoryCliOptions({ ...none, events: "1.5", apiPort: 1 })).toThrow(
      /--observatory-events/,
    );
    expect(() => observatoryCliOptions({ ...none, content: "full", apiPort: 1 })).toThrow(
      /--observatory-content/,
    );
  });
});
