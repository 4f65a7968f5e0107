import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fromSource from "../src/index.js";

type Core = typeof fromSource;

const packageDir = fileURLToPath(new URL("..", import.meta.url));
let tempDir: string;
let copyA: Core;
let copyB: Core;

/** Installs packages/core/dist as a separate package copy in a temp dir and imports it. */
async function installCopy(name: string): Promise<Core> {
  const dir = join(tempDir, name);
  cpSync(join(packageDir, "dist"), join(dir, "dist"), { recursive: true });
  cpSync(join(packageDir, "src"), join(dir, "src"), { recursive: true }); // the source maps point here
  cpSync(join(packageDir, "package.json"), join(dir, "package.json"));
  symlinkSync(join(packageDir, "node_modules"), join(dir, "node_modules"), "dir");
  return (await import(pathToFileURL(join(dir, "dist", "index.js")).href)) as Core;
}

beforeAll(async () => {
  if (!existsSync(join(packageDir, "dist", "index.js"))) {
    throw new Error(
      "packages/core/dist is missing: run `pnpm exec turbo run build --filter=@highflame/core`",
    );
  }
  tempDir = mkdtempSync(join(tmpdir(), "highflame-core-copies-"));
  copyA = await installCopy("a");
  copyB = await installCopy("b");
});

afterAll(() => {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

const ERROR_CLASSES = [
  "HighflameError",
  "APIError",
  "BadRequestError",
  "AuthenticationError",
  "PermissionDeniedError",
  "NotFoundError",
  "ConflictError",
  "UnprocessableEntityError",
  "RateLimitError",
  "InternalServerError",
  "APIConnectionError",
  "APIConnectionTimeoutError",
  "APIUserAbortError",
  "StreamError",
  "ResponseValidationError",
  "RequestValidationError",
  "ConfigurationError",
] as const;

describe("instanceof across two installed copies of core", () => {
  it("the copies really are distinct classes", () => {
    expect(copyA.HighflameError).not.toBe(copyB.HighflameError);
    expect(copyA.APIError).not.toBe(fromSource.APIError);
  });

  it.each([400, 401, 403, 404, 409, 422, 429, 500, 418])(
    "API error %i from one copy matches the other's classes",
    (status) => {
      const fromA = copyA.makeAPIError(status, new Headers(), "");
      const nameA = fromA.constructor.name as (typeof ERROR_CLASSES)[number];
      for (const other of [copyB, fromSource]) {
        expect(fromA).toBeInstanceOf(other[nameA]);
        expect(fromA).toBeInstanceOf(other.APIError);
        expect(fromA).toBeInstanceOf(other.HighflameError);
        expect(fromA).not.toBeInstanceOf(other.APIConnectionError);
      }
      const fromSrc = fromSource.makeAPIError(status, new Headers(), "");
      expect(fromSrc).toBeInstanceOf(copyA[nameA]);
    },
  );

  it("client errors hold across copies, with parents but not siblings", () => {
    const timeout = new copyA.APIConnectionTimeoutError();
    expect(timeout).toBeInstanceOf(copyB.APIConnectionTimeoutError);
    expect(timeout).toBeInstanceOf(copyB.APIConnectionError);
    expect(timeout).toBeInstanceOf(copyB.HighflameError);
    expect(timeout).not.toBeInstanceOf(copyB.APIUserAbortError);
    expect(new copyB.StreamError("s")).toBeInstanceOf(copyA.StreamError);
    expect(new copyB.ResponseValidationError("v", { field: "f" })).toBeInstanceOf(
      fromSource.ResponseValidationError,
    );
    expect(new copyA.APIUserAbortError()).not.toBeInstanceOf(fromSource.APIConnectionError);
  });

  it("every exported error class is branded", () => {
    for (const name of ERROR_CLASSES) {
      expect(copyA[name], name).toBeTypeOf("function");
      expect(Object.hasOwn(copyA[name], "kind"), name).toBe(true);
    }
  });
});
