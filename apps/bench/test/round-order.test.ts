import { describe, expect, it } from "vitest";
import { mergeConcurrentSlices, mergeSlices, sliceSizes } from "../src/client/driver.js";
import { interleavedPairRound, roundOrder } from "../src/measure.js";

describe("roundOrder", () => {
  it.each([2, 3, 4, 5])(
    "with %i cases: a permutation each round, every position and both orders of every pair alike",
    (cases) => {
      const rounds = 2 * cases;
      const positions = Array.from({ length: cases }, () => new Array<number>(cases).fill(0));
      const before = Array.from({ length: cases }, () => new Array<number>(cases).fill(0));
      for (let r = 0; r < rounds; r++) {
        const order = roundOrder(cases, r);
        expect([...order].sort()).toEqual(Array.from({ length: cases }, (_, i) => i));
        order.forEach((c, position) => {
          positions[c]![position]!++;
          for (const later of order.slice(position + 1)) before[c]![later]!++;
        });
      }
      // Every case ran in every position twice over 2n rounds…
      for (const counts of positions) expect(counts).toEqual(new Array(cases).fill(2));
      // …and ran before each other case exactly as often as after it.
      for (let a = 0; a < cases; a++)
        for (let b = a + 1; b < cases; b++) expect(before[a]![b]).toBe(before[b]![a]);
    },
  );
});

describe("interleavedPairRound", () => {
  it("alternates which op goes first and times each op on its own", async () => {
    const calls: string[] = [];
    const busy = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until) {}
    };
    const a = async () => {
      calls.push("a");
      busy(2);
    };
    const b = async () => {
      calls.push("b");
    };
    const [slow, fast] = await interleavedPairRound(6, a, b);
    expect(calls.join("")).toBe("abbaabbaabba");
    expect(slow.ms).toBeGreaterThanOrEqual(2);
    expect(fast.ms).toBeLessThan(1);
  });
});

describe("sliceSizes and mergeSlices", () => {
  it("cuts calls into near-equal non-empty slices that add up", () => {
    expect(sliceSizes(600, 6)).toEqual([100, 100, 100, 100, 100, 100]);
    expect(sliceSizes(10, 3)).toEqual([3, 3, 4]);
    expect(sliceSizes(2, 5)).toEqual([1, 1]);
    expect(sliceSizes(7, 1)).toEqual([7]);
  });

  it("merges slices into the round's percentiles over all their calls and CPU per call", () => {
    const merged = mergeSlices([
      { p50Us: 0, p99Us: 0, cpuUsPerCall: 0, latenciesUs: [1, 2, 3], cpuUs: 30 },
      { p50Us: 0, p99Us: 0, cpuUsPerCall: 0, latenciesUs: [4, 5, 100], cpuUs: 30 },
    ]);
    expect(merged).toEqual({ p50Us: 3.5, p99Us: 100, cpuUsPerCall: 10 });
  });
});

describe("mergeConcurrentSlices", () => {
  it("gives all the calls over all the wall time, and CPU per call", () => {
    expect(
      mergeConcurrentSlices([
        { callsPerSec: 0, cpuUsPerCall: 0, calls: 1000, wallMs: 40, cpuUs: 30_000 },
        { callsPerSec: 0, cpuUsPerCall: 0, calls: 1000, wallMs: 60, cpuUs: 50_000 },
      ]),
    ).toEqual({ callsPerSec: 20_000, cpuUsPerCall: 40 });
  });
});
