import { z } from "zod";
import { FileContextSchema, MCPContextSchema, ModelContextSchema, ToolContextSchema } from "./contexts.js";
import { ActionSchema, ContentTypeSchema, ModeSchema } from "./enums.js";

/** `GuardRequest` (spec §5): body of `POST /v1/guard` and `POST /v1/guard/stream`. */
export const GuardRequestSchema = z.object({
  /** Text to evaluate (min length 1). For tool calls, the JSON of the arguments. */
  content: z.string().min(1),
  content_type: ContentTypeSchema,
  action: ActionSchema,
  /** Enforcement mode; the server applies `enforce` when absent. */
  mode: ModeSchema.optional(),
  /** Links turns for cross-turn (session) detectors. */
  session_id: z.string().min(1).optional(),
  tool: ToolContextSchema.optional(),
  model: ModelContextSchema.optional(),
  file: FileContextSchema.optional(),
  mcp: MCPContextSchema.optional(),
  /** Reference material / RAG chunks. */
  contexts: z.array(z.string()).optional(),
  /** Run only these detectors; empty/absent = all enabled. */
  detectors: z.array(z.string()).optional(),
  /** Free-form metadata passed to detectors and the Cedar context. */
  metadata: z.record(z.string(), z.unknown()).optional(),
  explain: z.boolean().optional(),
  debug: z.boolean().optional(),
  optimize: z.boolean().optional(),
  dryrun: z.boolean().optional(),
  early_exit: z.boolean().optional(),
  /** Policy namespace, e.g. `guardrails`. */
  product: z.string().optional(),
});

/** A guard request as a caller builds it. */
export type GuardRequest = z.input<typeof GuardRequestSchema>;

/** A guard request after validation. */
export type ParsedGuardRequest = z.output<typeof GuardRequestSchema>;

/** `POST /v1/detect` body: the detection-related subset of {@link GuardRequestSchema}. */
export const DetectRequestSchema = GuardRequestSchema.pick({
  content: true,
  content_type: true,
  session_id: true,
  tool: true,
  model: true,
  file: true,
  mcp: true,
  contexts: true,
  detectors: true,
  metadata: true,
}).extend({
  /** Cedar action; optional for detection (some detectors only run for certain actions). */
  action: ActionSchema.optional(),
});

/** A detect request as a caller builds it. */
export type DetectRequest = z.input<typeof DetectRequestSchema>;

/** A detect request after validation. */
export type ParsedDetectRequest = z.output<typeof DetectRequestSchema>;
