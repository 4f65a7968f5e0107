import { describe, expect, it } from "vitest";
import { createFaultController } from "./fault-controller.js";

describe("fault controller", () => {
  it("uses the random source against the rates", () => {
    let next = 0.4;
    const faults = createFaultController({ errorRate: 0.5, errorStatus: 502 }, () => next);
    expect(faults.decide("/v1/guard")).toMatchObject({ kind: "error", status: 502 });
    next = 0.6;
    expect(faults.decide("/v1/guard")).toMatchObject({ kind: "none" });
  });

  it("drop wins over error; /_dev/ is never faulted", () => {
    const faults = createFaultController({ errorRate: 1, dropRate: 1 }, () => 0);
    expect(faults.decide("/x").kind).toBe("drop");
    expect(faults.decide("/_dev/faults").kind).toBe("none");
  });

  it("times counts down and clears", () => {
    const faults = createFaultController({ errorRate: 1, times: 2 }, () => 0);
    expect(faults.get()).toEqual({ errorRate: 1, times: 2 });
    expect(faults.decide("/a").kind).toBe("error");
    expect(faults.get().times).toBe(1);
    expect(faults.decide("/a").kind).toBe("error");
    expect(faults.decide("/a").kind).toBe("none");
    expect(faults.get()).toEqual({});
  });

  it("validates settings", () => {
    const faults = createFaultController();
    expect(() => faults.set({ dropRate: -1 })).toThrow(RangeError);
    expect(() => faults.set({ latencyMs: Number.NaN })).toThrow(/latencyMs/);
    expect(() => faults.set({ times: 0 })).toThrow(/times/);
  });
});
