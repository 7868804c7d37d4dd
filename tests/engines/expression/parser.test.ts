import { describe, expect, it } from "vitest";
import {
  attributesReferenced,
  EXPRESSION_LIMITS,
  evaluateExpression,
  parametersReferenced,
  parseExpression,
} from "../../../src/engines/expression/index.js";
import { errorOf } from "./helpers.js";

const parseError = (text: string, dialect: "connect" | "cloudSync" = "connect", source?: string) =>
  errorOf(() => parseExpression(text, { dialect, ...(source === undefined ? {} : { source }) }));

describe("parseExpression: AST", () => {
  it("keeps positions of calls, attributes, literals and operators", () => {
    const e = parseExpression('Left([givenName], 1) & "." & [sn]', { dialect: "connect", source: "r" });
    expect(e.dialect).toBe("connect");
    expect(e.source).toBe("r");
    const root = e.root;
    expect(root.kind).toBe("binary");
    if (root.kind !== "binary") return;
    expect(root.position).toBe(27);
    expect(root.right).toMatchObject({ kind: "attribute", name: "sn", position: 29, end: 33 });
    const inner = root.left;
    expect(inner).toMatchObject({ kind: "binary", operator: "&", position: 21 });
    if (inner.kind !== "binary") return;
    expect(inner.left).toMatchObject({ kind: "call", name: "Left", position: 0, end: 20 });
  });

  it("reads numbers, hex, negative numbers, constants, parameters and escaped strings", () => {
    const e = parseExpression('IIF(True, &HFF, -12.5) & %Domain.FQDN% & "say \\"hi\\" \\\\ \\n" & CRLF', {
      dialect: "connect",
    });
    expect(JSON.stringify(e.root)).toContain('"value":255');
    expect(JSON.stringify(e.root)).toContain('"value":-12.5');
    expect(JSON.stringify(e.root)).toContain('"value":"say \\"hi\\" \\\\ \\\\n"');
    expect(parametersReferenced(e)).toEqual(["Domain.FQDN"]);
  });

  it("accepts empty argument slots in Cloud Sync only", () => {
    const e = parseExpression('Replace([mailNickname], , "[a-z]", , "", , )', { dialect: "cloudSync" });
    expect(e.root.kind === "call" && e.root.args.map((a) => a.kind)).toEqual([
      "attribute",
      "omitted",
      "string",
      "omitted",
      "string",
      "omitted",
      "omitted",
    ]);
    expect(parseError("Left([sn], )").message).toBe(
      'expression: position 11: expected an expression but found ")"',
    );
  });

  it("lists attributes read, in order, once, including untaken branches", () => {
    const e = parseExpression('IIF(IsPresent([mail]), [mail], [givenName] & "." & [sn] & [mail])', {
      dialect: "connect",
    });
    expect(attributesReferenced(e)).toEqual(["mail", "givenName", "sn"]);
  });
});

describe("parseExpression and evaluateExpression: arguments of the wrong kind", () => {
  it("name the argument instead of failing with a TypeError", () => {
    expect(errorOf(() => parseExpression("Trim([a])", undefined as never)).message).toBe(
      'expression: dialect undefined is not "connect" or "cloudSync"',
    );
    expect(
      errorOf(() => parseExpression("Trim([a])", { dialect: "sql" as never, source: "rule X" })).message,
    ).toBe('rule X: dialect "sql" is not "connect" or "cloudSync"');
    const parsed = parseExpression("Trim([a])", { dialect: "connect" });
    const text = errorOf(() => evaluateExpression("Trim([a])" as never, { attribute: () => " x " }));
    expect(text.code).toBe("invalid-argument");
    expect(text.message).toBe(
      'expression: "Trim([a])" is not a parsed expression (parse it with parseExpression)',
    );
    const record = errorOf(() => evaluateExpression(parsed, { a: " x " } as never));
    expect(record.code).toBe("invalid-argument");
    expect(record.message).toMatch(/^context: \{"a":" x "\} is not an expression context/);
    expect(evaluateExpression(parsed, { attribute: () => " x " })).toBe("x");
  });
});

describe("parseExpression: errors name the source, the position and what was expected", () => {
  it("missing closing parenthesis", () => {
    const error = parseError("Left([sn], 3", "connect", 'rule "In from AD – User Custom"');
    expect(error.code).toBe("invalid-expression");
    expect(error.message).toBe(
      'rule "In from AD – User Custom": position 12: expected "," or ")" but found end of input',
    );
    expect(error.details).toEqual({
      field: 'rule "In from AD – User Custom"',
      value: "Left([sn], 3",
      position: 12,
    });
  });

  it("group not closed", () => {
    expect(parseError('("a" & "b"').message).toBe(
      'expression: position 10: expected ")" but found end of input',
    );
  });

  it("unterminated string, attribute and parameter", () => {
    expect(parseError('Trim("abc').message).toBe(
      `expression: position 9: expected '"' to close the string that starts at position 5 but found end of input`,
    );
    expect(parseError("Trim([sn").message).toBe(
      'expression: position 8: expected "]" to close the attribute that starts at position 5 but found end of input',
    );
    expect(parseError("%Domain.FQDN").message).toBe(
      'expression: position 12: expected "%" to close the parameter but found end of input',
    );
    expect(parseError("[]").details.position).toBe(1);
  });

  it("unknown and mis-cased functions, per dialect", () => {
    expect(parseError("iif(True, 1, 2)").message).toBe(
      'expression: position 0: expected a Connect sync rule function but found unknown function "iif" (names are case-sensitive: did you mean "IIF"?)',
    );
    expect(parseError('Append([sn], "x")').details.position).toBe(0);
    expect(parseError('PadLeft([sn], 3, "0")', "cloudSync").message).toContain('unknown function "PadLeft"');
    expect(parseError("Trim(Foo)").message).toBe(
      'expression: position 5: expected a function call, [attribute], "string", number or constant but found unknown name "Foo"',
    );
    expect(parseError("Trim(LCase)").message).toContain('(LCase is a function: expected "(" after it)');
  });

  it("wrong arity where it is fixed, and unpaired Switch arguments", () => {
    expect(parseError('Left("a")').message).toBe(
      "expression: position 0: expected 2 arguments to Left but found 1",
    );
    expect(parseError("IIF(True, 1, 2, 3)").message).toBe(
      "expression: position 0: expected 3 arguments to IIF but found 4",
    );
    expect(parseError('Mid("a")').message).toBe(
      "expression: position 0: expected 2 to 3 arguments to Mid but found 1",
    );
    expect(parseError("Switch(True, 1, False)").message).toBe(
      "expression: position 0: expected Switch arguments to come in pairs but found 3 arguments",
    );
    expect(parseError('Switch([a], "d", "k")', "cloudSync").message).toBe(
      "expression: position 0: expected at least 4 arguments to Switch but found 3",
    );
    expect(parseError('Join(",")', "cloudSync").message).toBe(
      "expression: position 0: expected at least 2 arguments to Join but found 1",
    );
  });

  it("trailing input, stray characters and smart quotes", () => {
    expect(parseError('"a" "b"').message).toBe(
      'expression: position 4: expected an operator or end of input but found "\\""',
    );
    expect(parseError('"a" "b"', "cloudSync").message).toBe(
      'expression: position 4: expected end of input but found "\\""',
    );
    expect(parseError("Trim(“x”)").message).toBe(
      'expression: position 5: expected an expression but found "“" (use straight quotes "")',
    );
    expect(parseError("").message).toBe(
      "expression: position 0: expected an expression but found end of input",
    );
    expect(parseError("[a] | [b]").message).toBe('expression: position 4: expected "||" but found "|"');
  });

  it("Cloud Sync has no operators but a single =, no parameters and no parentheses", () => {
    expect(parseError('[a] & "x"', "cloudSync").message).toBe(
      'expression: position 4: expected no operator but found "&" (Cloud Sync expressions have only a single "=" in a condition)',
    );
    expect(parseError('[a] = "x" = "y"', "cloudSync").details.position).toBe(10);
    expect(parseError("%Domain.FQDN%", "cloudSync").details.position).toBe(0);
    expect(parseError('("x")', "cloudSync").details.position).toBe(0);
    expect(parseExpression('IIF([c]="US", "a", "b")', { dialect: "cloudSync" }).root.kind).toBe("call");
  });

  it("caps text length, nesting depth and operator chains with typed errors", () => {
    const deep = `${"Trim(".repeat(100)}"x"${")".repeat(100)}`;
    const error = parseError(deep);
    expect(error.code).toBe("invalid-expression");
    expect(error.message).toContain(`expected at most ${EXPRESSION_LIMITS.maxDepth} levels of nesting`);
    const chain = Array.from({ length: 200 }, () => '"a"').join(" & ");
    expect(parseError(chain).message).toContain("levels of nesting");
    const huge = `"${"x".repeat(EXPRESSION_LIMITS.maxTextLength)}"`;
    expect(parseError(huge).details.position).toBe(EXPRESSION_LIMITS.maxTextLength);
    const wide = `Join(",", ${Array.from({ length: 5000 }, () => "1").join(",")})`;
    expect(parseError(wide, "cloudSync").message).toContain("terms");
    expect(parseError("&H12345678901234").message).toContain("hexadecimal digits");
  });
});
