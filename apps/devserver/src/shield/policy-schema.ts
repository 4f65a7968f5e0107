import { ALL_DETECTOR_NAMES } from "./detectors/registry.js";

/**
 * The shape of the Cedar context a policy may read: a record of attributes, a leaf type name (`"String"`,
 * `"Long"`, `"Bool"`), or `"open"` for free-form values whose attributes are not known (request `metadata`).
 */
export type ContextSchemaNode = "String" | "Long" | "Bool" | "open" | { [attr: string]: ContextSchemaNode };

const DETECTOR_RESULT: ContextSchemaNode = { detected: "Bool", score: "Long", matches: "Long" };

/**
 * The Cedar context the engine builds for every guard request (see `buildCedarRequest`); policies are checked
 * against it at load. `detectors` has one entry per detector of the registry.
 */
export const CONTEXT_SCHEMA: { [attr: string]: ContextSchemaNode } = {
  content: "String",
  content_type: "String",
  action: "String",
  mode: "String",
  product: "String",
  session_id: "String",
  tool: { present: "Bool", name: "String", server_id: "String", is_builtin: "Bool" },
  file: { path: "String" },
  detectors: Object.fromEntries(ALL_DETECTOR_NAMES.map((name) => [name, DETECTOR_RESULT])),
  session: { turn_count: "Long", cumulative_risk: "Long", tool_streak: "Long" },
  metadata: "open",
};
