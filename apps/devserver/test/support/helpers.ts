/** Loosely typed JSON from the server under test (the assertions do the checking). */
// biome-ignore lint/suspicious/noExplicitAny: JSON under test is checked by assertions, not types
export type Json = any;

import { type DevServer, type DevServerOptions, startDevServer } from "../../src/index.js";

/** A started server plus a token from its own `/oauth2/token` (api_key grant). */
export interface Harness {
  server: DevServer;
  token: string;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  guard(body: Record<string, unknown>, headers?: Record<string, string>): Promise<Json>;
}

/** Exchanges the server's service key for an access token. */
export async function fetchToken(url: string, apiKey: string): Promise<string> {
  const res = await fetch(`${url}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ grant_type: "api_key", api_key: apiKey }),
  });
  if (res.status !== 200) throw new Error(`token exchange failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Registers an agent in another tenant through the admin API and returns an access token for it. */
export async function tokenForTenant(url: string, accountId: string, projectId: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/agents/register`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-account-id": accountId,
      "x-project-id": projectId,
      "x-user-id": "tenant-test",
    },
    body: JSON.stringify({ name: "other tenant", external_id: `agent-${accountId}` }),
  });
  if (res.status !== 201) throw new Error(`agent registration failed: ${res.status} ${await res.text()}`);
  const { api_key } = (await res.json()) as { api_key: string };
  return fetchToken(url, api_key);
}

/** Starts a dev server on port 0 and fetches a token. */
export async function startHarness(options: DevServerOptions = {}): Promise<Harness> {
  const server = await startDevServer({ port: 0, ...options });
  const token = await fetchToken(server.url, server.apiKey);
  const auth = { authorization: `Bearer ${token}` };
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(server.url + path, {
      method: "POST",
      headers: { "content-type": "application/json", ...auth, ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(server.url + path, { headers: { ...auth, ...headers } });
  return {
    server,
    token,
    post,
    get,
    async guard(body, headers) {
      const res = await post("/v1/guard", body, headers);
      if (res.status !== 200) throw new Error(`guard failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as Json;
    },
  };
}

/** Parses an SSE body into `{event, data}` frames. */
export function parseSse(text: string): { event: string; data: Json }[] {
  return text
    .split(/\n\n/)
    .filter((block) => block.trim() !== "")
    .map((block) => {
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
      }
      return { event, data: JSON.parse(data.join("\n")) };
    });
}

/** A prompt guard body. */
export const prompt = (content: string, extra: Record<string, unknown> = {}) => ({
  content,
  content_type: "prompt",
  action: "process_prompt",
  ...extra,
});

/** A tool-call guard body. */
export const toolCall = (
  name: string,
  args: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => ({
  content: JSON.stringify(args),
  content_type: "tool_call",
  action: "call_tool",
  tool: { name, arguments: args },
  ...extra,
});
