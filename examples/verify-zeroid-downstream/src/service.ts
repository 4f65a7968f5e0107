import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createVerifier, ZeroIDError } from "@highflame/sdk";

/** A running reports service. */
export interface ReportsService {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * A downstream HTTP service (plain `node:http`) that accepts ZeroID bearer tokens: each request is verified
 * locally against the issuer's JWKS (fetched once, then cached), and `GET /reports` needs the `reports:read`
 * scope. Failures answer 401/403 with the verifier's error code.
 */
export async function startReportsService(issuer: string): Promise<ReportsService> {
  const verifier = createVerifier({ issuer });
  const server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    try {
      const identity = await verifier.verifyBearer(req.headers.authorization);
      if (req.method !== "GET" || req.url !== "/reports") return send(404, { error: "not_found" });
      identity.requireScope("reports:read");
      send(200, {
        caller: identity.sub,
        account_id: identity.account_id,
        delegated_by: identity.delegatedBy(),
        reports: ["q3-revenue.pdf", "q3-churn.pdf"],
      });
    } catch (error) {
      if (error instanceof ZeroIDError) return send(error.status ?? 401, { error: error.code });
      send(500, { error: "internal_error" });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await verifier.close();
    },
  };
}
