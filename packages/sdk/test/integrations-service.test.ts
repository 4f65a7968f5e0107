import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const subpaths = ["http", "express", "fastify", "hono", "node"] as const;

describe("service-side integration subpaths", () => {
  it("are in the exports map with types first", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    for (const name of subpaths) {
      expect(Object.keys(pkg.exports[`./integrations/${name}`])).toEqual(["types", "default"]);
    }
  });

  it("resolve by package name to the same functions as @highflame/integrations", async () => {
    for (const name of ["express", "fastify", "hono", "node"] as const) {
      const sdk = (await import(/* @vite-ignore */ `@highflame/sdk/integrations/${name}`)) as {
        zeroidAuth: unknown;
      };
      const direct = (await import(/* @vite-ignore */ `@highflame/integrations/${name}`)) as {
        zeroidAuth: unknown;
      };
      expect(typeof sdk.zeroidAuth).toBe("function");
      expect(sdk.zeroidAuth).toBe(direct.zeroidAuth);
    }
    const http = await import("@highflame/sdk/integrations/http");
    expect(typeof http.createBearerAuth).toBe("function");
  });

  it("declare no framework as a dependency, only as optional peers", () => {
    for (const dir of ["../package.json", "../../integrations/package.json"]) {
      const pkg = JSON.parse(readFileSync(new URL(dir, import.meta.url), "utf8"));
      for (const framework of ["express", "fastify", "hono", "@opentelemetry/api"]) {
        expect(pkg.dependencies?.[framework]).toBeUndefined();
        expect(pkg.peerDependenciesMeta?.[framework]).toEqual({ optional: true });
      }
    }
  });
});
