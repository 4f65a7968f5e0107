import { zeroidAuth } from "@highflame/sdk/integrations/express";
import express from "express";

// In a downstream service, no client needed: every request's bearer token is verified locally.
const auth = zeroidAuth({ verifier: { issuer: "https://auth.example.com" } });
const app = express();
app.get("/reports", auth({ scopes: ["reports:read"] }), (req, res) => {
  res.json({ caller: req.identity?.sub }); // 401/403 per RFC 6750 never reach this handler
});
app.listen(8080);
