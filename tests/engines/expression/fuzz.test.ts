import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CLOUD_SYNC_CONSTANTS,
  CLOUD_SYNC_FUNCTIONS,
  CONNECT_CONSTANTS,
  CONNECT_FUNCTIONS,
  type ExpressionDialect,
  type ExpressionValue,
  evaluateExpression,
  parseExpression,
} from "../../../src/engines/expression/index.js";
import { isSimulationError } from "../../../src/scheduler/errors.js";

// Issue 8, property 8: every input yields a value or a typed error with a position — never another exception.

const NAMES = ["sn", "givenName", "mail", "proxyAddresses", "uac", "objectGUID", "dn", "x"];

const attributeValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    "",
    "SMTP:a@b.c",
    "4a7d1ed4-14fa-4d2f-8f36-1dd5c5b7e0a1",
    "CN=a\\,b,OU=x,DC=c",
    "42",
    "True",
  ),
  fc.integer({ min: -1000, max: 1_000_000 }),
  fc.boolean(),
  fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }),
  fc.constant(undefined),
  fc.constantFrom<unknown>(Number.NaN, { a: 1 }, [1, 2], null),
);

const contextArb = fc.dictionary(fc.constantFrom(...NAMES), attributeValue, { maxKeys: NAMES.length });

function isExpressionValue(v: ExpressionValue): boolean {
  if (v === null || typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v);
  if (Array.isArray(v)) return v.length > 0 && v.every((s) => typeof s === "string");
  const special = v as { kind?: unknown };
  return special.kind === "binary" || special.kind === "special";
}

/** Parses and evaluates; asserts the outcome is a value or a typed error with a numeric position. */
function check(text: string, dialect: ExpressionDialect, attributes: Record<string, unknown>): void {
  let expression: ReturnType<typeof parseExpression>;
  try {
    expression = parseExpression(text, { dialect, source: "fuzz" });
  } catch (error) {
    if (!isSimulationError(error, "invalid-expression")) throw error;
    expect(typeof error.details.position).toBe("number");
    expect(error.details.field).toBe("fuzz");
    expect(error.message.startsWith(`fuzz: position ${error.details.position}: `)).toBe(true);
    return;
  }
  try {
    const value = evaluateExpression(expression, {
      attribute: (name) => attributes[name],
      parameter: (name) => (name === "Domain.FQDN" ? "contoso.com" : undefined),
    });
    expect(isExpressionValue(value)).toBe(true);
  } catch (error) {
    if (!isSimulationError(error, "expression-error")) throw error;
    expect(typeof error.details.position).toBe("number");
    expect(error.details.field).toBe("fuzz");
  }
}

const VALID: Record<ExpressionDialect, readonly string[]> = {
  connect: [
    'PCase([givenName]) & " " & UCase([sn])',
    'IIF(Contains([proxyAddresses],"SMTP:")>0,Mid(Item([proxyAddresses],Contains([proxyAddresses],"SMTP:")),6),Error("none"))',
    'Switch([uac] = 512, "enabled", BitAnd([uac], 2) <> 0, "disabled", True, NULL)',
    "ConvertToBase64(CGuid([objectGUID])) & StringFromGuid(CGuid([objectGUID]))",
    'Join(RemoveDuplicates(Trim(Split([mail] & ",a,a", ","))), ";")',
    'DNComponentRev([dn], 1, "DC") & Word([sn], 2, " ,") & %Domain.FQDN% & &HFF * (2 + 3)',
    "IIF(IsPresent([x]), Left([x], -1), IIF(IsNullOrEmpty([mail]), AuthoritativeNull, IgnoreThisFlow))",
  ],
  cloudSync: [
    'Join(".", [givenName], [sn])',
    'Switch([uac], "default", "512", "enabled", "514", "disabled")',
    'IIF([mail]="a@b.c", Append([sn], "@x"), IgnoreFlowIfNullOrEmpty([x]))',
    'Replace([mail], , "[^a-z0-9]", , "", , )',
    'SelectUniqueValue(Join("", Left([givenName], 1), [sn]), Coalesce([mail], "n/a"))',
    'NormalizeDiacritics(PCase(ToLower(StripSpaces(Word([dn], 2, ",=")))))',
    'Item(RemoveDuplicates(Split(Join(",", [proxyAddresses], "a"), ",")), Count([proxyAddresses]))',
  ],
};

const TOKENS: Record<ExpressionDialect, readonly string[]> = {
  connect: [
    ...CONNECT_FUNCTIONS.keys(),
    ...CONNECT_CONSTANTS.keys(),
    "(",
    ")",
    ",",
    "&",
    "&&",
    "||",
    "=",
    "<>",
    "<",
    "+",
    "-",
    "*",
    "/",
    "[sn]",
    "[proxyAddresses]",
    "[uac]",
    "%Domain.FQDN%",
    '"a"',
    '"\\"',
    "1",
    "0",
    "-3",
    "&H1F",
    " ",
  ],
  cloudSync: [
    ...CLOUD_SYNC_FUNCTIONS.keys(),
    ...CLOUD_SYNC_CONSTANTS.keys(),
    "(",
    ")",
    ",",
    ", ,",
    "=",
    "[sn]",
    "[proxyAddresses]",
    "[uac]",
    '"a"',
    '"[a-z]+"',
    '"(?<g>.)"',
    "1",
    "2",
    "-1",
    " ",
  ],
};

const mutate = (text: string) =>
  fc.oneof(
    fc.tuple(fc.nat(text.length), fc.nat(6)).map(([at, n]) => text.slice(0, at) + text.slice(at + n)),
    fc
      .tuple(fc.nat(text.length), fc.string({ maxLength: 4 }))
      .map(([at, s]) => text.slice(0, at) + s + text.slice(at)),
    fc
      .tuple(fc.nat(text.length), fc.nat(text.length))
      .map(([a, b]) => text.slice(0, Math.min(a, b)) + text.slice(Math.max(a, b))),
    fc
      .tuple(fc.nat(text.length), fc.nat(text.length))
      .map(([a, b]) => text + text.slice(Math.min(a, b), Math.max(a, b))),
  );

/** Well-formed calls built from the function tables, with random arity inside each function's bounds. */
function callArb(dialect: ExpressionDialect): fc.Arbitrary<string> {
  const table = dialect === "connect" ? CONNECT_FUNCTIONS : CLOUD_SYNC_FUNCTIONS;
  const leaves =
    dialect === "connect"
      ? [
          '"a b"',
          '","',
          "[sn]",
          "[proxyAddresses]",
          "[uac]",
          "[objectGUID]",
          "[dn]",
          "[x]",
          "1",
          "2",
          "0",
          "-1",
          "True",
          "NULL",
          '"SMTP:"',
          "%Domain.FQDN%",
          "CaseInsensitive",
          "vbTextCompare",
          '"DC"',
        ]
      : [
          '"a b"',
          '","',
          "[sn]",
          "[proxyAddresses]",
          "[uac]",
          "[objectGUID]",
          "[dn]",
          "[x]",
          "1",
          "2",
          "0",
          '"[a-z]"',
          '"True"',
          "vbTextCompare",
        ];
  const { tree } = fc.letrec<{ tree: string }>((tie) => ({
    tree: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom(...leaves),
      fc
        .tuple(fc.constantFrom(...table.values()), fc.array(tie("tree"), { maxLength: 8 }))
        .map(([fn, args]) => {
          let count = Math.min(
            Math.max(args.length, fn.minArgs),
            Number.isFinite(fn.maxArgs) ? fn.maxArgs : 8,
          );
          if (fn.pairedArgs === true && (count - fn.minArgs) % 2 !== 0) count += count < fn.maxArgs ? 1 : -1;
          const filled = Array.from({ length: count }, (_, i) => args[i] ?? leaves[i % leaves.length] ?? "1");
          return `${fn.name}(${filled.join(", ")})`;
        }),
      ...(dialect === "connect"
        ? [
            fc
              .tuple(tie("tree"), fc.constantFrom("&", "=", "<>", ">", "+", "&&", "||"), tie("tree"))
              .map(([a, op, b]) => `(${a} ${op} ${b})`),
          ]
        : []),
    ),
  }));
  return tree;
}

describe.each(["connect", "cloudSync"] as const)("fuzzing the %s language", (dialect) => {
  it("arbitrary strings parse or fail with a typed, positioned error", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: "grapheme", maxLength: 30 })),
        contextArb,
        (text, attrs) => check(text, dialect, attrs),
      ),
      { numRuns: 400 },
    );
  });

  it("token soup parses or fails with a typed, positioned error", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...TOKENS[dialect]), { maxLength: 30 }),
        contextArb,
        (tokens, attrs) => check(tokens.join(""), dialect, attrs),
      ),
      { numRuns: 400 },
    );
  });

  it("mutated valid expressions parse or fail with a typed, positioned error", () => {
    const mutated = fc
      .constantFrom(...VALID[dialect])
      .chain((text) => mutate(text).chain((once) => mutate(once)));
    fc.assert(
      fc.property(mutated, contextArb, (text, attrs) => check(text, dialect, attrs)),
      { numRuns: 400 },
    );
  });

  it("well-formed random calls always parse and evaluate to a value or an expression-error", () => {
    fc.assert(
      fc.property(callArb(dialect), contextArb, (text, attrs) => {
        expect(() => parseExpression(text, { dialect })).not.toThrow();
        check(text, dialect, attrs);
      }),
      { numRuns: 400 },
    );
  });

  it("the valid corpus evaluates", () => {
    for (const text of VALID[dialect])
      check(text, dialect, { sn: "Lee", uac: 512, proxyAddresses: ["SMTP:a@b.c"] });
  });
});

describe("bounded work on hostile inputs", () => {
  it("exponential growth through nesting is stopped by the size limit", () => {
    let text = '"abcdefghij"';
    for (let i = 0; i < 20; i += 1)
      text = `Replace(${text}, "a", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")`;
    check(text, "connect", {});
    let pad = '"x"';
    for (let i = 0; i < 30; i += 1) pad = `PadLeft(${pad}, 4000000, "y") & PadLeft("x", 4000000, "z")`;
    expect(() =>
      evaluateExpression(parseExpression(pad, { dialect: "connect" }), { attribute: () => undefined }),
    ).toThrow(/exceeds the 4194304-character limit/);
    check(pad, "connect", {});
  });

  it("an attribute value the language cannot hold is an expression-error", () => {
    const e = parseExpression("Trim([x])", { dialect: "connect", source: "fuzz" });
    expect(() => evaluateExpression(e, { attribute: () => ({ nested: true }) })).toThrow(
      /attribute \[x\] holds an unsupported value/,
    );
  });
});
