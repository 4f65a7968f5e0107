/**
 * The default Cedar policy set (product namespace `guardrails`). Only `forbid` policies produce outcomes; the
 * engine adds a baseline `permit`. Annotations: `@id`, `@decision("deny"|"step_up"|"defer"|"modify")` (default
 * deny), `@mode("enforce"|"monitor"|"alert")` (default enforce), `@reason("…")`.
 *
 * Context: `content`, `content_type`, `action`, `mode`, `product`, `session_id`, `tool {present, name,
 * server_id, is_builtin}`, `file {path}`, `detectors.<name> {detected, score (0-100), matches}`,
 * `session {turn_count, cumulative_risk (x100), tool_streak}`, `metadata`.
 * Principal `User::"<token sub>"`, action `Action::"<action>"`, resource `Tool::"<tool name>"` for tool calls,
 * `File::"<path>"` with a file path, else `Content::"<content_type>"`.
 */
export const DEFAULT_POLICIES = `
@id("deny-prompt-injection")
@decision("deny")
@reason("Prompt injection or jailbreak phrasing detected")
forbid (principal, action, resource)
when { context.detectors.prompt_injection.detected || context.detectors.jailbreak.detected };

@id("deny-secrets-in-prompts")
@decision("deny")
@reason("A secret or credential was found in the prompt")
forbid (principal, action == Action::"process_prompt", resource)
when { context.content_type == "prompt" && context.detectors.secrets.detected };

@id("deny-secrets-in-tool-calls")
@decision("deny")
@reason("A secret or credential was found in the tool call")
forbid (principal, action == Action::"call_tool", resource)
when { context.detectors.secrets.detected };

@id("deny-command-injection")
@decision("deny")
@reason("Dangerous shell command or command injection in the tool call")
forbid (principal, action == Action::"call_tool", resource)
when { context.detectors.command_injection.detected };

@id("deny-sql-injection")
@decision("deny")
@reason("SQL injection in the tool call")
forbid (principal, action == Action::"call_tool", resource)
when { context.detectors.sql_injection.detected };

@id("deny-path-traversal")
@decision("deny")
@reason("Path traversal or sensitive system path")
forbid (principal, action, resource)
when { context.detectors.path_traversal.detected };

@id("redact-pii")
@decision("modify")
@reason("PII redacted")
forbid (principal, action, resource)
when { context.mode == "modify" && context.detectors.pii.detected };

@id("step-up-transfer-funds")
@decision("step_up")
@reason("transfer_funds requires step-up authentication")
forbid (principal, action == Action::"call_tool", resource == Tool::"transfer_funds");

@id("defer-human-review")
@decision("defer")
@reason("Content is marked for human review")
forbid (principal, action, resource)
when { context.content like "*[[human-review]]*" };

@id("alert-tool-loop")
@decision("deny")
@mode("alert")
@reason("The same tool was called in a loop")
forbid (principal, action, resource)
when { context.detectors.session_tool_loop.detected };

@id("monitor-session-risk")
@decision("deny")
@mode("monitor")
@reason("Cumulative session risk over budget")
forbid (principal, action, resource)
when { context.detectors.session_cumulative_risk.detected };
`;
