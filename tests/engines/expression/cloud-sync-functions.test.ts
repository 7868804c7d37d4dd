import { describe, expect, it } from "vitest";
import { CLOUD_SYNC_FUNCTIONS, IGNORE_THIS_FLOW } from "../../../src/engines/expression/index.js";
import { cloud, errorOf } from "./helpers.js";

const fails = (text: string, attrs?: Record<string, unknown>) => errorOf(() => cloud(text, attrs));

describe("Cloud Sync functions", () => {
  it("Append, Coalesce, IgnoreFlowIfNullOrEmpty, SelectUniqueValue", () => {
    expect(cloud('Append([givenName], "@contoso.com")')).toBe("ann@contoso.com");
    expect(cloud('Append([missing], "@contoso.com")')).toBeNull();
    expect(cloud('Coalesce([missing], [givenName], "x")')).toBe("ann");
    expect(cloud('Coalesce([missing], [other], "default")')).toBe("default");
    expect(cloud("Coalesce([missing])")).toBeNull();
    expect(cloud("IgnoreFlowIfNullOrEmpty([empty])")).toBe(IGNORE_THIS_FLOW);
    expect(cloud("IgnoreFlowIfNullOrEmpty([missing])")).toBe(IGNORE_THIS_FLOW);
    expect(cloud("IgnoreFlowIfNullOrEmpty([sn])")).toBe("LEE");
    expect(cloud('SelectUniqueValue([missing], [empty], Join(".", [givenName], [sn]))')).toBe("ann.LEE");
    expect(cloud("SelectUniqueValue([missing], [empty])")).toBeNull();
  });

  it("BitAnd, CBool, CStr, Not (numeric strings accepted)", () => {
    expect(cloud("BitAnd(&HF, &HF7)")).toBe(7);
    expect(cloud("BitAnd([uac], 2)", { uac: "514" })).toBe(2);
    expect(cloud('CBool("True")')).toBe(true);
    expect(cloud("CBool(0)")).toBe(false);
    expect(cloud("CStr(12)")).toBe("12");
    expect(cloud("Not(IsPresent([missing]))")).toBe(true);
    expect(cloud('Not("True")')).toBe(false);
    expect(cloud("Not([missing])")).toBe(true);
    expect(fails('BitAnd("x", 1)').message).toBe(
      'test: position 0: BitAnd: first argument of BitAnd must be a number but found string "x"',
    );
  });

  it("ConvertToBase64, ConvertToUTF8Hex", () => {
    expect(cloud('ConvertToBase64("Hello world!")')).toBe("SABlAGwAbABvACAAdwBvAHIAbABkACEA");
    expect(cloud('ConvertToUTF8Hex("Hello world!")')).toBe("48656C6C6F20776F726C6421");
    expect(cloud("ConvertToUTF8Hex([missing])")).toBeNull();
  });

  it("Count, Item (1-based, out of range NULL), Join (separator first), RemoveDuplicates, Split", () => {
    expect(cloud("Count([proxyAddresses])")).toBe(3);
    expect(cloud("Count([missing])")).toBe(0);
    expect(cloud("Item([proxyAddresses], 2)")).toBe("SMTP:Ann.Lee@contoso.com");
    expect(cloud("Item([proxyAddresses], 9)")).toBeNull();
    expect(cloud('Join(", ", [givenName], [missing], [sn])')).toBe("ann, LEE");
    expect(cloud('Join("|", [proxyAddresses])')).toBe(
      "smtp:ann@fabrikam.com|SMTP:Ann.Lee@contoso.com|smtp:ann@fabrikam.com",
    );
    expect(cloud('Join(",", [missing])')).toBeNull();
    expect(cloud("RemoveDuplicates([proxyAddresses])")).toEqual([
      "smtp:ann@fabrikam.com",
      "SMTP:Ann.Lee@contoso.com",
    ]);
    expect(cloud('Split("a::b", "::")')).toEqual(["a", "b"]);
    expect(cloud('Split([missing], ",")')).toBeNull();
  });

  it("IIF with the = comparison, only the taken branch evaluated", () => {
    expect(cloud('IIF([c]="USA", [c], [department])', { c: "USA", department: "Sales" })).toBe("USA");
    expect(cloud('IIF([c]="USA", [c], [department])', { c: "FR", department: "Sales" })).toBe("Sales");
    expect(cloud('IIF(IsPresent([sn]), "yes", Item([proxyAddresses], "bad"))')).toBe("yes");
  });

  it("InStr, Left, Mid, Word, Trim, StripSpaces, ToLower, ToUpper", () => {
    expect(cloud('InStr("The quick brown fox", "quick")')).toBe(5);
    expect(cloud('InStr("repEated", "e", 3, vbBinaryCompare)')).toBe(7);
    expect(cloud('Left("John Doe", 3)')).toBe("Joh");
    expect(cloud('Mid("John Doe", 3, 5)')).toBe("hn Do");
    expect(cloud('Word("The quick brown fox", 3, " ")')).toBe("brown");
    expect(cloud('Trim("  x ")')).toBe("x");
    expect(cloud('StripSpaces(" a b  c ")')).toBe("abc");
    expect(cloud('ToLower([sn], "en-US")')).toBe("lee");
    expect(cloud("ToUpper([givenName])")).toBe("ANN");
    expect(cloud("ToUpper(12)")).toBe("12");
    expect(cloud("ToUpper(CBool(1))")).toBe("TRUE");
  });

  it("NormalizeDiacritics and PCase", () => {
    expect(cloud('NormalizeDiacritics("Zoë Åström-Øster Straße Łukasz")')).toBe(
      "Zoe Astrom-Oster Strasse Lukasz",
    );
    expect(cloud('PCase("NaDiA fElLoWs")')).toBe("Nadia Fellows");
    expect(cloud('PCase("ms-correction NASA")')).toBe("Ms-Correction NASA");
    expect(cloud('PCase("john_doe smith", "_")')).toBe("John_Doe smith");
  });

  it("Switch(source, defaultValue, key, value, ...)", () => {
    const mapping =
      'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney", "QLD", "Australia/Brisbane")';
    expect(cloud(mapping, { state: "QLD" })).toBe("Australia/Brisbane");
    expect(cloud(mapping, { state: "WA" })).toBe("Australia/Sydney");
    expect(cloud(mapping, {})).toBe("Australia/Sydney");
    // Values of keys that do not match are never evaluated.
    expect(
      cloud('Switch([s], "d", "a", Item([proxyAddresses], "bad"))', { s: "b", proxyAddresses: ["x"] }),
    ).toBe("d");
    expect(
      fails('Switch([s], "d", "a", Item([proxyAddresses], "bad"))', { s: "a", proxyAddresses: ["x"] }).code,
    ).toBe("expression-error");
  });

  it("Replace: literal, template, regex, regex group, replacement attribute", () => {
    expect(cloud('Replace([address], "\\r\\n", , , ", ", , )', { address: "a\\r\\nb" })).toBe("a, b");
    expect(cloud('Replace([givenName], "n", , , "N", , )')).toBe("aNN");
    expect(cloud('Replace([sn], "{x}", , , , , "Name: {x}")')).toBe("Name: LEE");
    expect(cloud('Replace([mailNickname], , "[^a-zA-Z0-9_]", , "", , )', { mailNickname: "ann lee!" })).toBe(
      "annlee",
    );
    expect(cloud('Replace([mailNickname], , "[a-z]*", , "x", , )', { mailNickname: "ab1" })).toBe(
      "ab1".replace(/[a-z]*/g, "x"),
    );
    expect(
      cloud('Replace([phone], , "\\+1 (?<area>\\d+)", "area", "555", , )', { phone: "+1 425 1234" }),
    ).toBe("+1 555 1234");
    expect(cloud('Replace([missing], , "(?<u>[^@]+)@", "u", , [mail], )', { mail: "ann@x.com" })).toBe("ann");
    expect(cloud('Replace([sn], , "(?<u>[^@]+)@", "u", , [mail], )', { sn: "LEE", mail: "ann@x.com" })).toBe(
      "LEE",
    );
    expect(cloud('Replace([missing], "a", , , "b", , )')).toBeNull();
    expect(fails('Replace([sn], "a", , , , , )').message).toContain("expected oldValue or regexPattern");
    expect(fails('Replace([sn], , "(", , "x", , )').message).toContain("invalid regular expression");
  });

  it("Replace refuses regular expressions that could backtrack without bound", () => {
    const slow = { s: `${"a".repeat(40)}!` };
    expect(fails('Replace([s], , "(a+)+b", , "x", , )', slow).message).toContain(
      "repeated group containing a repetition",
    );
    expect(fails('Replace([s], , "(a|aa)*b", , "x", , )', slow).message).toContain("alternation");
    expect(fails('Replace([s], , "(a)\\1", , "x", , )', slow).message).toContain("backreferences");
    const long = { s: "a".repeat(5000) };
    expect(fails('Replace([s], , "a*a*a*b", , "x", , )', long).message).toContain(
      "exceeds the evaluation budget",
    );
  });

  it("lists the required functions", () => {
    const required = [
      "Append",
      "BitAnd",
      "CBool",
      "Coalesce",
      "ConvertToBase64",
      "ConvertToUTF8Hex",
      "Count",
      "CStr",
      "IIF",
      "IgnoreFlowIfNullOrEmpty",
      "InStr",
      "IsNull",
      "IsNullOrEmpty",
      "IsPresent",
      "IsString",
      "Item",
      "Join",
      "Left",
      "Mid",
      "NormalizeDiacritics",
      "Not",
      "RemoveDuplicates",
      "Replace",
      "SelectUniqueValue",
      "Split",
      "StripSpaces",
      "Switch",
      "ToLower",
      "ToUpper",
      "Word",
    ];
    for (const name of required) expect(CLOUD_SYNC_FUNCTIONS.has(name), name).toBe(true);
    expect(CLOUD_SYNC_FUNCTIONS.has("Contains")).toBe(false);
  });
});
