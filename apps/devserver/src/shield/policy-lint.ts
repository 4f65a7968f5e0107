/**
 * Checks Cedar policy text before Cedar sees it. Two reasons:
 *
 * - Cedar's parser and evaluator recurse (in Wasm): deep nesting or a long operator chain overflows their stack
 *   ("memory access out of bounds", "Maximum call stack size exceeded"), and after such a trap the Wasm instance
 *   is unusable. So nesting and operator counts are bounded here, with a linear scan that cannot overflow.
 * - Cedar reads a missing attribute as an evaluation error, which skips the policy: a typo such as
 *   `context.detectors.prompt_injecton` loads fine and never matches. Every `context…` path is checked against
 *   the Cedar context the engine builds ({@link CONTEXT_SCHEMA}).
 *
 * The loader reports every problem as `SOURCE:line:col: message`.
 */
import { CONTEXT_SCHEMA, type ContextSchemaNode } from "./policy-schema.js";

/** Deepest nesting of `(`, `[` and `{` accepted in a policy (the `when { … }` body counts as one level). */
export const MAX_POLICY_NESTING = 32;

/** Most operators (`&&`, `||`, comparisons, `+ - *`, `!`, `.`, `in`, `has`, `like`, `is`, `if`) in one policy. */
export const MAX_POLICY_OPERATORS = 128;

/** Largest policy text accepted, in bytes: 1 MiB. */
export const MAX_POLICY_TEXT_BYTES = 1024 * 1024;

/** One lexical token of Cedar policy text, with its offset. */
interface Token {
  kind: "ident" | "string" | "number" | "punct";
  text: string;
  offset: number;
}

const OPERATOR_PUNCT = new Set(["&&", "||", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "!", "."]);
const OPERATOR_WORDS = new Set(["in", "has", "like", "is", "if"]);
const TWO_CHAR = new Set(["&&", "||", "==", "!=", "<=", ">=", "::"]);

/** A problem found in policy text: message and offset. */
export interface PolicyLintIssue {
  offset: number;
  message: string;
}

/** `line:col` (1-based) of an offset. */
export function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const col = offset - before.lastIndexOf("\n");
  return `${line}:${col}`;
}

// Splits text into tokens; comments and whitespace are dropped. An unterminated string ends the text (Cedar
// reports it properly afterwards).
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") i++;
    else if (c === "/" && text[i + 1] === "/") {
      const end = text.indexOf("\n", i);
      i = end < 0 ? text.length : end;
    } else if (c === '"') {
      let j = i + 1;
      let value = "";
      while (j < text.length && text[j] !== '"') {
        if (text[j] === "\\") j++;
        value += text[j] ?? "";
        j++;
      }
      tokens.push({ kind: "string", text: value, offset: i });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 256))!;
      tokens.push({ kind: "ident", text: m[0], offset: i });
      i += m[0].length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+/.exec(text.slice(i, i + 64))!;
      tokens.push({ kind: "number", text: m[0], offset: i });
      i += m[0].length;
    } else {
      const two = text.slice(i, i + 2);
      const punct = TWO_CHAR.has(two) ? two : c;
      tokens.push({ kind: "punct", text: punct, offset: i });
      i += punct.length;
    }
  }
  return tokens;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

function unknownAttribute(path: string, attr: string, known: string[]): string {
  const close = known
    .map((k) => ({ k, d: editDistance(attr, k) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(attr.length / 4)))
    .sort((x, y) => x.d - y.d)[0];
  const hint = close ? `did you mean "${close.k}"? ` : "";
  return `${path} has no attribute "${attr}" in the Shield Cedar context; ${hint}known: ${known.join(", ")}`;
}

// Checks one `context…` chain starting at tokens[start] (the `context` token); returns the issue, if any.
function checkContextPath(tokens: Token[], start: number): PolicyLintIssue | undefined {
  let node: ContextSchemaNode = CONTEXT_SCHEMA;
  let path = "context";
  let j = start + 1;
  const step = (attr: string, offset: number): PolicyLintIssue | "open" | undefined => {
    if (node === "open") return "open";
    if (typeof node === "string") {
      return { offset, message: `${path} is a ${node}; it has no attribute "${attr}"` };
    }
    const next: ContextSchemaNode | undefined = node[attr];
    if (next === undefined) return { offset, message: unknownAttribute(path, attr, Object.keys(node)) };
    node = next;
    path += `.${attr}`;
    return undefined;
  };
  for (;;) {
    const a = tokens[j];
    const b = tokens[j + 1];
    let attr: Token | undefined;
    if (a?.text === "." && b?.kind === "ident") {
      if (tokens[j + 2]?.text === "(") return undefined; // a method call such as .contains(…)
      attr = b;
      j += 2;
    } else if (a?.text === "[" && b?.kind === "string" && tokens[j + 2]?.text === "]") {
      attr = b;
      j += 3;
    } else if (a?.kind === "ident" && a.text === "has" && (b?.kind === "ident" || b?.kind === "string")) {
      // `has a` / `has "a"` / `has a.b.c`: each name must exist where it is tested.
      let k = j + 1;
      for (;;) {
        const name = tokens[k]!;
        const issue = step(name.text, name.offset);
        if (issue) return issue === "open" ? undefined : issue;
        if (tokens[k + 1]?.text === "." && tokens[k + 2]?.kind === "ident") k += 2;
        else return undefined;
      }
    } else return undefined;
    const issue = step(attr.text, attr.offset);
    if (issue) return issue === "open" ? undefined : issue;
  }
}

/**
 * Checks size, nesting and operator count, the limits that keep Cedar's recursive parser and evaluator within
 * their stack; returns the first problem or `undefined`. Linear in the text length; never recurses.
 */
export function checkPolicyComplexity(text: string): PolicyLintIssue | undefined {
  if (Buffer.byteLength(text) > MAX_POLICY_TEXT_BYTES) {
    return { offset: 0, message: `policy text exceeds ${MAX_POLICY_TEXT_BYTES} bytes` };
  }
  let depth = 0;
  let operators = 0;
  for (const t of tokenize(text)) {
    if (t.kind === "punct") {
      if (t.text === "(" || t.text === "[" || t.text === "{") {
        if (++depth > MAX_POLICY_NESTING) {
          return { offset: t.offset, message: `policy nests deeper than ${MAX_POLICY_NESTING} levels` };
        }
      } else if (t.text === ")" || t.text === "]" || t.text === "}") depth--;
      else if (t.text === ";" && depth <= 0) {
        depth = 0;
        operators = 0;
      }
    }
    const isOperator =
      (t.kind === "punct" && OPERATOR_PUNCT.has(t.text)) ||
      (t.kind === "ident" && OPERATOR_WORDS.has(t.text));
    if (isOperator && ++operators > MAX_POLICY_OPERATORS) {
      return {
        offset: t.offset,
        message: `policy has more than ${MAX_POLICY_OPERATORS} operators; split it into several policies`,
      };
    }
  }
  return undefined;
}

/**
 * Checks every `context.a.b`, `context["a"]` and `… has a` reference against {@link CONTEXT_SCHEMA}; returns
 * the first unknown attribute (with a suggestion for a near miss) or `undefined`. Run on text Cedar has parsed.
 */
export function checkContextReferences(text: string): PolicyLintIssue | undefined {
  const tokens = tokenize(text);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const prev = tokens[i - 1]?.text;
    if (t.kind === "ident" && t.text === "context" && prev !== "." && prev !== "has" && prev !== "::") {
      const issue = checkContextPath(tokens, i);
      if (issue) return issue;
    }
  }
  return undefined;
}
