import { type ZeroIDEnv, zeroidAuth } from "@highflame/integrations/hono";
import { Hono } from "hono";

const auth = zeroidAuth({ verifier: { issuer: "https://auth.example.com" } });
const app = new Hono<ZeroIDEnv>();
app.use("/tools/*", auth({ tools: ["search"], maxDelegationDepth: 2 }));
app.get("/tools/search", (c) => {
  const caller = c.get("identity");
  return c.json({ caller: caller.sub, trust: caller.trust_level });
});
export default app;
