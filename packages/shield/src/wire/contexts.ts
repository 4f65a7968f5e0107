import { z } from "zod";

/** `ToolContext` (spec §6): the tool being called. Unknown fields are kept. */
export const ToolContextSchema = z.looseObject({
  /** Tool name (required). */
  name: z.string().min(1),
  /** Tool arguments as an object. */
  arguments: z.record(z.string(), z.unknown()).optional(),
  /** MCP server id the tool belongs to. */
  server_id: z.string().optional(),
  /** True for a non-MCP (built-in) tool. */
  is_builtin: z.boolean().optional(),
  /** Tool description as advertised to the model. */
  description: z.string().optional(),
});

/** Tool context as sent. */
export type ToolContext = z.input<typeof ToolContextSchema>;

/** `ModelContext` (spec §6). Unknown fields are kept. */
export const ModelContextSchema = z.looseObject({
  provider: z.string().optional(),
  model: z.string().optional(),
  temperature: z.number().optional(),
  tokens_used: z.number().int().optional(),
  max_tokens: z.number().int().optional(),
});

/** Model context as sent. */
export type ModelContext = z.input<typeof ModelContextSchema>;

/** `FileContext` (spec §6): field list unpublished, an open object; `path` and `operation` are conventional. */
export const FileContextSchema = z.looseObject({
  path: z.string().optional(),
  operation: z.string().optional(),
});

/** File context as sent. */
export type FileContext = z.input<typeof FileContextSchema>;

/** `MCPContext` (spec §6): field list unpublished, an open object. */
export const MCPContextSchema = z.looseObject({
  server_id: z.string().optional(),
  server_name: z.string().optional(),
  server_url: z.string().optional(),
});

/** MCP context as sent. */
export type MCPContext = z.input<typeof MCPContextSchema>;
