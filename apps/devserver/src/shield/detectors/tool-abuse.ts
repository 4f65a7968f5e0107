import {
  argumentStrings,
  type ContentDetector,
  type DetectorSpan,
  findSpans,
  isToolCall,
  type LabelledPattern,
  matchOutcome,
  scanContentAndArgs,
} from "./types.js";

const DANGEROUS: readonly LabelledPattern[] = [
  { label: "RM_RF", pattern: /\brm\s+-(?:[a-zA-Z]*r[a-zA-Z]*f|[a-zA-Z]*f[a-zA-Z]*r)[a-zA-Z]*\b/ },
  { label: "PIPE_TO_SHELL", pattern: /\b(?:curl|wget)\b[^|\n]{0,200}\|\s*(?:sudo\s+)?(?:ba|z|da)?sh\b/ },
  { label: "DISK_WIPE", pattern: /\bmkfs(?:\.\w+)?\b|\bdd\s+if=|>\s*\/dev\/sd[a-z]/ },
  { label: "FORK_BOMB", pattern: /:\(\)\s*\{\s*:\|:&\s*\};:/ },
];

const METACHARS: readonly LabelledPattern[] = [
  { label: "COMMAND_CHAIN", pattern: /;\s*[A-Za-z./]/ },
  { label: "COMMAND_CHAIN", pattern: /&&|\|\|/ },
  { label: "COMMAND_SUBSTITUTION", pattern: /\$\([^)$]{0,200}\)|`[^`]{1,200}`/ },
];

const SHELL_TOOL =
  /(?:^|[_\-.])(?:shell|bash|sh|zsh|exec|execute|run|command|cmd|terminal|system|subprocess)(?:$|[_\-.])/i;
const SHELL_ARG = /^(?:cmd|command|commands|script|shell|args?|argv|exec|run)$/i;

/** Command injection in tool calls: destructive commands anywhere, shell metacharacters in shell-like args. */
export const commandInjectionDetector: ContentDetector = {
  name: "command_injection",
  tier: "fast",
  category: "tool_abuse",
  severity: "critical",
  description:
    "rm -rf, curl|sh, disk wipes anywhere in a tool call; ;, &&, ||, $(…) and backticks in shell-like arguments",
  run(input) {
    if (!isToolCall(input)) return { score: 0, detected: false, spans: [], context: { applicable: false } };
    const dangerous = scanContentAndArgs(input, DANGEROUS, true);
    const shellTool = input.toolName !== undefined && SHELL_TOOL.test(input.toolName);
    const spans: DetectorSpan[] = [...dangerous.spans];
    const argHits = [...dangerous.argHits];
    if (shellTool || !input.toolArguments) spans.push(...findSpans(input.content, METACHARS));
    for (const { path, value } of argumentStrings(input.toolArguments)) {
      const key = path.split(/[.[]/).at(-1) ?? "";
      if (!shellTool && !SHELL_ARG.test(key) && !SHELL_ARG.test(path.split(/[.[]/)[0] ?? "")) continue;
      for (const s of findSpans(value, METACHARS))
        argHits.push({ path: `tool.arguments.${path}`, label: s.label });
    }
    spans.sort((a, b) => a.start - b.start);
    return matchOutcome(spans, argHits, { base: 0.9, step: 0.03 }, { shell_like_tool: shellTool });
  },
};

const SQL: readonly LabelledPattern[] = [
  { label: "UNION_SELECT", pattern: /\bUNION\s+(?:ALL\s+)?SELECT\b/i },
  { label: "TAUTOLOGY", pattern: /'\s*OR\s+'?(\w+)'?\s*=\s*'?\1\b'?/i },
  { label: "DROP_TABLE", pattern: /\bDROP\s+(?:TABLE|DATABASE)\b/i },
  { label: "STACKED_QUERY", pattern: /;\s*(?:DELETE\s+FROM|UPDATE\s+\w+\s+SET|INSERT\s+INTO|TRUNCATE)\b/i },
  { label: "COMMENT_TERMINATOR", pattern: /'\s*(?:--|#)/ },
  { label: "TIME_BASED", pattern: /\b(?:SLEEP|pg_sleep|WAITFOR\s+DELAY)\b\s*\(?/i },
  { label: "XP_CMDSHELL", pattern: /\bxp_cmdshell\b/i },
];

/** SQL injection: UNION SELECT, ' OR 1=1 tautologies, DROP TABLE, stacked queries, time-based probes. */
export const sqlInjectionDetector: ContentDetector = {
  name: "sql_injection",
  tier: "fast",
  category: "tool_abuse",
  severity: "high",
  description: "UNION SELECT, ' OR 1=1 tautologies, DROP TABLE, stacked queries and time-based probes",
  run(input) {
    const { spans, argHits } = scanContentAndArgs(input, SQL, true);
    return matchOutcome(spans, argHits, { base: 0.9, step: 0.03 });
  },
};

const TRAVERSAL: readonly LabelledPattern[] = [
  { label: "DOT_DOT", pattern: /(?:^|[\\/"'\s=])\.\.[\\/]/ },
  { label: "ENCODED_DOT_DOT", pattern: /%2e%2e(?:%2f|%5c|\/)/i },
  {
    label: "SENSITIVE_FILE",
    pattern: /\/etc\/(?:passwd|shadow|sudoers|hosts)\b|~\/\.ssh\/|\/proc\/self\/environ/,
  },
  { label: "SENSITIVE_FILE", pattern: /[A-Za-z]:\\Windows\\System32/i },
];

const FILE_ACTIONS = new Set(["read_file", "write_file"]);

/** Path traversal in file actions and tool arguments: ../, encoded traversal, /etc/passwd and friends. */
export const pathTraversalDetector: ContentDetector = {
  name: "path_traversal",
  tier: "fast",
  category: "tool_abuse",
  severity: "high",
  description:
    "../ sequences (plain or URL-encoded) and sensitive system paths in file actions and tool arguments",
  run(input) {
    const applicable =
      isToolCall(input) || input.contentType === "file" || FILE_ACTIONS.has(input.action ?? "");
    if (!applicable) return { score: 0, detected: false, spans: [], context: { applicable: false } };
    const { spans, argHits } = scanContentAndArgs(input, TRAVERSAL, true);
    if (input.filePath)
      for (const s of findSpans(input.filePath, TRAVERSAL))
        argHits.push({ path: "file.path", label: s.label });
    return matchOutcome(spans, argHits, { base: 0.9, step: 0.03 });
  },
};
