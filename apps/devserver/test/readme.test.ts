// The README's flag table and limits are checked against the code, so documentation and code cannot drift.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_DRAIN_LIMIT_BYTES,
  MAX_JSON_DEPTH,
  METADATA_LIMIT_BYTES,
} from "../src/http/body.js";
import {
  MAX_POLICY_NESTING,
  MAX_POLICY_OPERATORS,
  MAX_POLICY_TEXT_BYTES,
} from "../src/shield/policy-lint.js";
import { DEFAULT_MAX_SESSIONS } from "../src/shield/session-store.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const cli = readFileSync(new URL("../src/cli.ts", import.meta.url), "utf8");
const section = (title: string) => {
  const start = readme.indexOf(`## ${title}`);
  expect(start, `README section ${title}`).toBeGreaterThanOrEqual(0);
  return readme.slice(start, readme.indexOf("\n## ", start + 1));
};

describe("apps/devserver/README.md matches the code", () => {
  it("the flags table lists exactly the CLI's flags", () => {
    const documented = [...section("Flags").matchAll(/^\| `(--[a-z-]+)/gm)].map((m) => m[1]).sort();
    const help = cli.slice(cli.indexOf("const HELP"), cli.indexOf("`;", cli.indexOf("const HELP")));
    const real = [...help.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(real);
  });

  it("the limits table states the limits the code enforces", () => {
    const limits = section("Limits");
    const kib = (bytes: number) =>
      bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes / 1024} KiB`;
    expect(limits).toContain(`| Request body                           | ${kib(DEFAULT_BODY_LIMIT_BYTES)}`);
    expect(limits).toContain(`up to ${kib(DEFAULT_DRAIN_LIMIT_BYTES)} more`);
    expect(limits).toContain(`${MAX_JSON_DEPTH} levels (the body itself is level 1)`);
    expect(limits).toContain(`${kib(METADATA_LIMIT_BYTES)} of JSON`);
    expect(limits).toContain(`| Policy text                            | ${kib(MAX_POLICY_TEXT_BYTES)}`);
    expect(limits).toContain(`${MAX_POLICY_NESTING} levels per policy`);
    expect(limits).toContain(`| Operators in one policy                | ${MAX_POLICY_OPERATORS}`);
    expect(limits).toContain(`| ${DEFAULT_MAX_SESSIONS} per server`);
  });
});
