import type { ZeroIDIdentity } from "@highflame/zeroid";
import type { Request } from "express";
import type { FastifyContextConfig, FastifyRequest } from "fastify";
import type { Context } from "hono";
import { expectTypeOf, it } from "vitest";
import type { ZeroIDExpressAuth } from "../src/express/index.js";
import type { RouteRequirements, ZeroIDFastifyOptions } from "../src/fastify/index.js";
import type { ZeroIDEnv, ZeroIDHonoAuth, ZeroIDOptionalEnv } from "../src/hono/index.js";

// Compile-time checks (run by `typecheck`): the identity is typed on each framework's own request object.
it("types the identity through each framework's own extension points", () => {
  expectTypeOf<Request["identity"]>().toEqualTypeOf<ZeroIDIdentity | undefined>();
  expectTypeOf<FastifyRequest["identity"]>().toEqualTypeOf<ZeroIDIdentity | null>();
  expectTypeOf<FastifyContextConfig["zeroid"]>().toEqualTypeOf<RouteRequirements | false | undefined>();
  expectTypeOf((c: Context<ZeroIDEnv>) => c.get("identity")).returns.toEqualTypeOf<ZeroIDIdentity>();
  expectTypeOf((c: Context<ZeroIDOptionalEnv>) => c.get("identity")).returns.toEqualTypeOf<
    ZeroIDIdentity | undefined
  >();
  expectTypeOf<ReturnType<ZeroIDHonoAuth>>().toMatchTypeOf<
    import("hono").MiddlewareHandler<ZeroIDEnv> | import("hono").MiddlewareHandler<ZeroIDOptionalEnv>
  >();
  expectTypeOf<ZeroIDExpressAuth>().parameter(0).toEqualTypeOf<RouteRequirements | undefined>();
  expectTypeOf<ZeroIDFastifyOptions["protectAllRoutes"]>().toEqualTypeOf<boolean | undefined>();
});
