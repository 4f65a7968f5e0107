import { createServer } from "node:net";

/**
 * A port on `127.0.0.1` that nothing listens on, for connection-refused tests: binds port 0, reads the port the
 * OS chose, and closes the listener again before resolving.
 */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close();
        reject(new Error("closedPort: listener has no TCP address"));
        return;
      }
      server.close((error) => (error ? reject(error) : resolve(address.port)));
    });
  });
}
