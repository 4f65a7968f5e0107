import type { Verifier, ZeroIDClient, ZeroIDError, ZeroIDIdentity } from "@highflame/zeroid";
import { type Attributes, type Span, SpanKind } from "@opentelemetry/api";
import { ATTR } from "./attributes.js";
import { patchMethod, type Unpatch } from "./patch.js";
import { currentScope, type Telemetry } from "./telemetry.js";

const RESOURCES = [
  "agents",
  "identities",
  "apiKeys",
  "oauthClients",
  "credentialPolicies",
  "credentials",
  "signals",
  "proofs",
  "tokens",
] as const;

/** Local work, not ZeroID calls: verification has its own spans, assertions are signed in-process. */
const NOT_CALLS = new Set(["constructor", "verify", "verifyBearer", "createActorAssertion"]);

type AnyMethod = (...args: unknown[]) => unknown;

/** Public method names of an object's class (own prototype only; getters excluded). */
function methodNames(target: object): string[] {
  const proto = Object.getPrototypeOf(target) as object | null;
  if (!proto) return [];
  return Object.getOwnPropertyNames(proto).filter((name) => {
    if (NOT_CALLS.has(name)) return false;
    const descriptor = Object.getOwnPropertyDescriptor(proto, name);
    return typeof descriptor?.value === "function";
  });
}

function onZeroIDError(error: unknown, span: Span): void {
  const code = (error as Partial<ZeroIDError> | null)?.code;
  if (typeof code === "string") span.setAttribute(ATTR.zeroidCode, code);
}

/** Attributes of a verified identity: who and how, never the token or its claims beyond these. @internal */
export function identityAttributes(identity: ZeroIDIdentity): Attributes {
  const attributes: Attributes = {
    [ATTR.subject]: identity.sub,
    [ATTR.delegationDepth]: identity.delegation_depth,
    [ATTR.identitySource]: identity.source,
  };
  if (identity.identity_type !== undefined) attributes[ATTR.identityType] = identity.identity_type;
  if (identity.trust_level !== undefined) attributes[ATTR.trustLevel] = identity.trust_level;
  return attributes;
}

/** Wraps every ZeroID admin and token-endpoint call of a client (one CLIENT span per outermost call). @internal */
export function instrumentZeroID(client: ZeroIDClient, telemetry: Telemetry): Unpatch[] {
  const unpatches: Unpatch[] = [];
  for (const resource of RESOURCES) {
    const target = client[resource] as unknown as Record<string, AnyMethod> | undefined;
    if (!target) continue;
    for (const name of methodNames(target)) {
      const operation = `zeroid.${resource}.${name}`;
      unpatches.push(
        patchMethod(target, name, (original) => (...args: unknown[]) => {
          if (currentScope()?.telemetry === telemetry) return original(...args);
          return telemetry.run(operation, {}, async () => original(...args), {
            onError: onZeroIDError,
            ownsTokenCall: resource === "tokens",
            onResult:
              name === "session" || name === "sessionFromRequest"
                ? (identity, span) => span.setAttributes(identityAttributes(identity as ZeroIDIdentity))
                : undefined,
          });
        }),
      );
    }
  }
  unpatches.push(
    patchMethod(client, "health", (original) => (...args) => {
      if (currentScope()?.telemetry === telemetry) return original(...args);
      return telemetry.run("zeroid.health", {}, () => original(...args), { onError: onZeroIDError });
    }),
  );
  unpatches.push(...instrumentVerifierMethods(client.verifier, telemetry));
  return unpatches;
}

/** Wraps `verify` and `verifyBearer` of a verifier: one INTERNAL `highflame.zeroid.verify` span per check. @internal */
export function instrumentVerifierMethods(verifier: Verifier, telemetry: Telemetry): Unpatch[] {
  const wrap =
    <A extends unknown[]>(original: (...args: A) => Promise<ZeroIDIdentity>) =>
    (...args: A): Promise<ZeroIDIdentity> => {
      if (currentScope()?.telemetry === telemetry) return original(...args);
      return telemetry.run("zeroid.verify", {}, () => original(...args), {
        kind: SpanKind.INTERNAL,
        onError: onZeroIDError,
        onResult: (identity, span) => span.setAttributes(identityAttributes(identity)),
      });
    };
  return [patchMethod(verifier, "verify", wrap), patchMethod(verifier, "verifyBearer", wrap)];
}
