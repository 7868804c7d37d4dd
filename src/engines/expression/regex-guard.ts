import { EXPRESSION_LIMITS } from "./types.js";

/**
 * Compiles a Cloud Sync `Replace` regular expression so that matching stays bounded: JavaScript's engine
 * backtracks, so a pattern like `(a+)+b` can run for minutes on a short input. The simulator refuses what
 * could explode — a quantified group that itself holds a quantifier or an alternation, and
 * backreferences — and bounds the rest by a cost budget: (subject length + 1) ^ (quantifiers + 1) must stay
 * under {@link EXPRESSION_LIMITS}.maxRegexCost. Returns the compiled expression or the reason it was refused.
 *
 * @internal
 */
export function compileBoundedRegex(pattern: string, subjectLength: number): RegExp | string {
  let quantifiers = 0;
  const groups: { quantified: boolean; alternation: boolean }[] = [];
  let lastGroup: { quantified: boolean; alternation: boolean } | undefined;
  let inClass = false;
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i] as string;
    if (ch === "\\") {
      const next = pattern[i + 1] ?? "";
      if (!inClass && (/[1-9]/.test(next) || next === "k")) return "backreferences are not supported";
      i += 1;
      lastGroup = undefined;
      continue;
    }
    if (inClass) {
      if (ch === "]") inClass = false;
      continue;
    }
    if (ch === "[") {
      inClass = true;
      lastGroup = undefined;
      continue;
    }
    if (ch === "(") {
      groups.push({ quantified: false, alternation: false });
      if (pattern[i + 1] === "?") i += 1; // group syntax, not a quantifier
      lastGroup = undefined;
      continue;
    }
    if (ch === ")") {
      lastGroup = groups.pop();
      const parent = groups[groups.length - 1];
      if (parent && lastGroup && (lastGroup.quantified || lastGroup.alternation)) {
        parent.quantified ||= lastGroup.quantified;
        parent.alternation ||= lastGroup.alternation;
      }
      continue;
    }
    if (ch === "|") {
      const top = groups[groups.length - 1];
      if (top) top.alternation = true;
      lastGroup = undefined;
      continue;
    }
    const isQuantifier =
      ch === "*" || ch === "+" || ch === "?" || (ch === "{" && /^\{\d+(,\d*)?\}/.test(pattern.slice(i)));
    if (isQuantifier) {
      quantifiers += 1;
      if (lastGroup && (lastGroup.quantified || lastGroup.alternation)) {
        return "a repeated group containing a repetition or an alternation could take unbounded time";
      }
      const top = groups[groups.length - 1];
      if (top) top.quantified = true;
      if (ch === "{") i = pattern.indexOf("}", i);
      if (pattern[i + 1] === "?") i += 1; // lazy modifier
      lastGroup = undefined;
      continue;
    }
    lastGroup = undefined;
  }
  const cost = (subjectLength + 1) ** (quantifiers + 1);
  if (cost > EXPRESSION_LIMITS.maxRegexCost) {
    return `a pattern with ${quantifiers} repetitions over ${subjectLength} characters exceeds the evaluation budget`;
  }
  try {
    return new RegExp(pattern, "gd");
  } catch (error) {
    return `invalid regular expression: ${(error as Error).message}`;
  }
}
