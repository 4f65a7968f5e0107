import { type ContentDetector, type DetectorSpan, findSpans, scoreFor } from "./types.js";

/** Luhn checksum over the digits of a candidate card number. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function validSsn(text: string): boolean {
  const [area, group, serial] = text.split("-");
  return area !== "000" && area !== "666" && !area!.startsWith("9") && group !== "00" && serial !== "0000";
}

/** Finds PII spans: cards (Luhn), national ids (US SSN format), emails, phones; later kinds skip overlaps. */
export function findPii(text: string): DetectorSpan[] {
  const accepted: DetectorSpan[] = [];
  const overlaps = (s: DetectorSpan) => accepted.some((a) => s.start < a.end && a.start < s.end);
  const add = (spans: DetectorSpan[], keep: (s: DetectorSpan) => boolean) => {
    for (const s of spans) if (keep(s) && !overlaps(s)) accepted.push(s);
  };
  add(findSpans(text, [{ label: "CREDIT_CARD", pattern: /(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d])/ }]), (s) => {
    const digits = text.slice(s.start, s.end).replace(/\D/g, "");
    return digits.length >= 13 && digits.length <= 19 && luhnValid(digits);
  });
  add(findSpans(text, [{ label: "NATIONAL_ID", pattern: /(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)/ }]), (s) =>
    validSsn(text.slice(s.start, s.end)),
  );
  add(
    findSpans(text, [
      {
        label: "EMAIL",
        pattern:
          /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![A-Za-z])/,
      },
    ]),
    () => true,
  );
  add(
    findSpans(text, [
      {
        label: "PHONE",
        pattern: /(?<![\w+])(?:\+?1[ .-]?)?(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}(?!\d)/,
      },
      {
        label: "PHONE",
        pattern: /(?<![\w+])\+(?:[2-9]\d{0,2})[ .-]?\d{2,4}[ .-]?\d{3,4}[ .-]?\d{3,4}(?!\d)/,
      },
    ]),
    () => true,
  );
  return accepted.sort((a, b) => a.start - b.start);
}

/** PII: email, phone, card numbers (Luhn), national ids; spans drive redaction in `modify` mode. */
export const piiDetector: ContentDetector = {
  name: "pii",
  tier: "fast",
  category: "privacy",
  severity: "medium",
  description:
    "Email addresses, phone numbers, payment card numbers (Luhn-checked) and US SSN-style national ids",
  run(input) {
    const spans = findPii(input.content);
    return {
      score: scoreFor(spans.length, 0.7, 0.05),
      detected: spans.length > 0,
      spans,
      context: { matches: spans.length, labels: [...new Set(spans.map((s) => s.label))] },
    };
  },
};
