import { createServer } from "node:http";
import { createVerifier, ZeroIDError } from "@highflame/zeroid";

const verifier = createVerifier({ issuer: "https://auth.example.com" }); // or { jwksUrl, issuer?, audience? }
createServer(async (req, res) => {
  try {
    const caller = await verifier.verifyBearer(req.headers.authorization);
    caller.requireScope("reports:read");
    res.end(JSON.stringify({ caller: caller.sub }));
  } catch (error) {
    const status = error instanceof ZeroIDError ? (error.status ?? 401) : 500;
    const code = error instanceof ZeroIDError ? error.code : "internal_error";
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ error: code }));
  }
}).listen(8080);
