import { RequestValidationError } from "@highflame/core";
import { guardResponseText, guardToolCall, type OutputCheckContext } from "./output.js";
import type { AISDKStreamPart } from "./types.js";

/**
 * How `wrapStream` treats the model's text:
 *
 * - `"passthrough"`: text deltas reach the caller as they arrive; the whole text is guarded when the model
 *   finishes. A block then replaces the `finish` part with an `error` part (text already streamed cannot be
 *   recalled), and a `modify` decision cannot be applied to text already shown (it is logged).
 * - `"buffer"`: nothing is released until the model finishes and the output passed; a `modify` decision is
 *   applied (the redacted text arrives as one delta), and a blocked output shows nothing but the `error` part.
 */
export type StreamOutputMode = "passthrough" | "buffer";

type Controller = TransformStreamDefaultController<AISDKStreamPart>;

/**
 * The stream guard of {@link highflameMiddleware}: guards each `tool-call` part before passing it on and the
 * text when the model finishes. Because the AI SDK's `streamText` executes tools only after the `finish` part
 * (and only for the finish reasons `stop` and `tool-calls`), a block — an `error` part, then the end of the
 * stream with no `finish` — means no tool of the step runs.
 */
export function guardStream(
  context: OutputCheckContext,
  mode: StreamOutputMode,
  maxOutputChars: number,
): TransformStream<AISDKStreamPart, AISDKStreamPart> {
  let text = "";
  let failed = false;
  let checked = false;
  const held: AISDKStreamPart[] = [];

  const fail = (controller: Controller, error: unknown): void => {
    failed = true;
    held.length = 0;
    controller.enqueue({ type: "error", error });
    try {
      controller.terminate(); // closes the caller's side and cancels the model's stream
    } catch {
      // already closing (flush)
    }
  };

  /** Guards the text; releases held parts (with the redaction applied in buffer mode). False when blocked. */
  const finishText = async (controller: Controller): Promise<boolean> => {
    checked = true;
    let redacted: string | undefined;
    try {
      redacted = await guardResponseText(context, text);
    } catch (error) {
      fail(controller, error);
      return false;
    }
    if (redacted !== undefined && mode === "passthrough") {
      context.guard.logger?.warn(
        'Highflame ai-sdk: modify decision on streamed text that was already sent; use streamOutput: "buffer" to apply redactions',
      );
    }
    let placed = false;
    for (const part of held.splice(0)) {
      if (part.type === "text-delta" && redacted !== undefined) {
        if (!placed) controller.enqueue({ ...part, delta: redacted });
        placed = true;
      } else {
        controller.enqueue(part);
      }
    }
    return true;
  };

  return new TransformStream<AISDKStreamPart, AISDKStreamPart>({
    async transform(part, controller) {
      if (failed) return;
      if (part.type === "text-delta") {
        text += part.delta;
        if (text.length > maxOutputChars) {
          const error = new RequestValidationError(
            `The model's streamed text exceeds maxOutputChars (${maxOutputChars}) and cannot be guarded; the stream was stopped`,
            { field: "content" },
          );
          fail(controller, error);
          return;
        }
      } else if (part.type === "tool-call") {
        try {
          part = await guardToolCall(context, part);
        } catch (error) {
          fail(controller, error);
          return;
        }
      } else if (part.type === "finish") {
        if (!(await finishText(controller))) return;
        controller.enqueue(part);
        return;
      }
      if (mode === "buffer") held.push(part);
      else controller.enqueue(part);
    },
    async flush(controller) {
      // A stream that ended without `finish` (provider error, abort): still guard what it said.
      if (!checked && !failed) await finishText(controller);
    },
  });
}
