import { createServer } from "node:http";
import { zeroidAuth } from "@highflame/integrations/node";

const auth = zeroidAuth({ verifier: { issuer: "https://auth.example.com" }, realm: "reports" });
const server = createServer(
  auth.protect({ scopes: ["reports:read"] }, (_req, res, identity) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ caller: identity?.sub }));
  }),
);
server.listen(8080);
