import { defineProject } from "vitest/config";

/** Shared per-project settings: real servers on loopback need a little more than the 5 s default. */
export const sharedProject = (name: string) =>
  defineProject({
    test: {
      name,
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      testTimeout: 20_000,
      hookTimeout: 20_000,
    },
  });
