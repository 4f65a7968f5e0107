import type { ServerResponse } from "node:http";

/** SSE vocabularies (spec §9): `docs` → `detector_result` … `decision`; `rust` → `detection` … `decision`, `done`. */
export type SseVocabulary = "docs" | "rust";

/** Both vocabularies. */
export const SSE_VOCABULARIES: readonly SseVocabulary[] = ["docs", "rust"];

/** Writes one event (`data` JSON-encoded on one line). */
export function writeEvent(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** Event names for a vocabulary. */
export function eventNames(vocabulary: SseVocabulary): { detector: string; done: string | undefined } {
  return vocabulary === "rust"
    ? { detector: "detection", done: "done" }
    : { detector: "detector_result", done: undefined };
}
