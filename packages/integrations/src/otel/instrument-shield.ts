import type { DetectResponse, GuardResponse, GuardStream, ShieldClient } from "@highflame/shield";
import type { Span } from "@opentelemetry/api";
import { ATTR } from "./attributes.js";
import { decisionMode, firedDetectors, requestAttributes, responseAttributes } from "./guard-attributes.js";
import { patchMethod, type Unpatch } from "./patch.js";
import { currentScope, type Telemetry } from "./telemetry.js";

type GuardTarget = Pick<ShieldClient, "guard" | "detect"> & { defaultMode?: string | undefined };

/** Wraps `guard.evaluate`, `guard.stream` and `detect.run` of one client. @internal */
export function instrumentShield(client: GuardTarget, telemetry: Telemetry): Unpatch[] {
  const unpatches: Unpatch[] = [];
  const defaultMode = client.defaultMode;
  const nested = () => currentScope()?.telemetry === telemetry;

  unpatches.push(
    patchMethod(client.guard, "evaluate", (original) => (request, options) => {
      if (nested()) return original(request, options);
      const attributes = requestAttributes(request, telemetry, defaultMode);
      return telemetry.run("guard.evaluate", attributes, () => original(request, options), {
        onResult: (response, span) => {
          span.setAttributes(responseAttributes(response));
          telemetry.countDecision({
            decision: response.decision,
            mode: decisionMode(response, attributes[ATTR.mode] as string | undefined),
            contentType: String(attributes[ATTR.contentType] ?? "unknown"),
          });
        },
      });
    }),
  );

  unpatches.push(
    patchMethod(client.guard, "stream", (original) => (request, options) => {
      if (nested()) return original(request, options);
      const attributes = requestAttributes(request, telemetry, defaultMode);
      const started = performance.now();
      return telemetry.run("guard.stream", attributes, () => original(request, options), {
        keepOpen: () => true,
        onResult: (stream, span) => {
          if (stream.requestId !== undefined) span.setAttribute(ATTR.requestId, stream.requestId);
          let ended = false;
          const finishStream = (error?: unknown) => {
            if (ended) return;
            ended = true;
            telemetry.finish(span, "guard.stream", started, error);
          };
          traceStream(stream, telemetry, span, finishStream, {
            mode: attributes[ATTR.mode] as string | undefined,
            contentType: String(attributes[ATTR.contentType] ?? "unknown"),
          });
        },
      });
    }),
  );

  unpatches.push(
    patchMethod(client.detect, "run", (original) => (request, options) => {
      if (nested()) return original(request, options);
      const attributes = requestAttributes(request, telemetry, undefined);
      return telemetry.run("detect.run", attributes, () => original(request, options), {
        onResult: (response: DetectResponse, span) => {
          const detectors = firedDetectors(response as Partial<GuardResponse>);
          if (detectors.length > 0) span.setAttribute(ATTR.detectors, detectors);
          const requestId = (response as { request_id?: unknown }).request_id;
          if (typeof requestId === "string") span.setAttribute(ATTR.requestId, requestId);
        },
      });
    }),
  );
  return unpatches;
}

/** Follows a stream's iteration: detectors as they fire, the decision, and the end (or failure) of the stream. */
function traceStream(
  stream: GuardStream,
  telemetry: Telemetry,
  span: Span,
  finish: (error?: unknown) => void,
  request: { mode: string | undefined; contentType: string },
): void {
  const iterate = stream[Symbol.asyncIterator].bind(stream);
  const abort = stream.abort.bind(stream);
  const fired = new Set<string>();
  Object.defineProperty(stream, Symbol.asyncIterator, {
    configurable: true,
    value: async function* traced() {
      try {
        for await (const event of { [Symbol.asyncIterator]: iterate }) {
          if (event.type === "detector_result" && event.data.detected === true) {
            fired.add(event.data.name);
            span.setAttribute(ATTR.detectors, [...fired].sort());
          } else if (event.type === "decision") {
            const attributes = responseAttributes(event.data);
            const detectors = new Set([...fired, ...((attributes[ATTR.detectors] as string[]) ?? [])]);
            if (detectors.size > 0) attributes[ATTR.detectors] = [...detectors].sort();
            span.setAttributes(attributes);
            telemetry.countDecision({
              decision: event.data.decision,
              mode: decisionMode(event.data, request.mode),
              contentType: request.contentType,
            });
          }
          yield event;
        }
        finish();
      } catch (error) {
        finish(error);
        throw error;
      } finally {
        finish(); // the consumer broke out of the loop early
      }
    },
  });
  Object.defineProperty(stream, "abort", {
    configurable: true,
    value: () => {
      abort();
      finish();
    },
  });
}
