import { zeroidAuth } from "@highflame/integrations/express";
import express from "express";

const auth = zeroidAuth({ verifier: { issuer: "https://auth.example.com" } });
const app = express();
app.get("/reports", auth({ scopes: ["reports:read"] }), (req, res) => {
  res.json({ caller: req.identity?.sub, onBehalfOf: req.identity?.delegatedBy() });
});
app.post("/keys/rotate", auth({ trustLevel: "first_party", allowDelegated: false }), (_req, res) => {
  res.sendStatus(204);
});
app.listen(8080);
