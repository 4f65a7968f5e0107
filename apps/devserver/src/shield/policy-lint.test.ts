import { expect, it } from "vitest";
import { checkContextReferences, checkPolicyComplexity, lineCol, MAX_POLICY_NESTING } from "./policy-lint.js";

it("does not count brackets or operators inside strings and comments", () => {
  const brackets = "(".repeat(MAX_POLICY_NESTING + 5);
  const text = `// ${brackets} && && &&\nforbid (principal, action, resource) when { context.content == "${brackets}" };`;
  expect(checkPolicyComplexity(text)).toBeUndefined();
});

it("counts nesting and operators per policy, not per file", () => {
  const policy = `forbid (principal, action, resource) when { ${Array(40).fill("true").join(" && ")} };\n`;
  expect(checkPolicyComplexity(policy.repeat(10))).toBeUndefined();
});

it("ignores `context` in strings, as another entity's attribute and in entity types", () => {
  const text = [
    'forbid (principal, action, resource) when { context.content == "context.nope" };',
    "forbid (principal, action, resource) when { principal.context.anything };",
    'forbid (principal, action, resource == context::"x");',
  ].join("\n");
  expect(checkContextReferences(text)).toBeUndefined();
});

it("reports the offset of the unknown attribute", () => {
  const text = 'forbid (principal, action, resource)\nwhen { context.tool.nmae == "x" };';
  const issue = checkContextReferences(text);
  expect(issue && lineCol(text, issue.offset)).toBe("2:21");
  expect(issue?.message).toContain('did you mean "name"');
});
