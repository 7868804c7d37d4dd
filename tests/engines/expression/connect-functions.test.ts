import { describe, expect, it } from "vitest";
import {
  AUTHORITATIVE_NULL,
  CONNECT_FUNCTIONS,
  IGNORE_THIS_FLOW,
} from "../../../src/engines/expression/index.js";
import { connect, errorOf, PERSON } from "./helpers.js";

const fails = (text: string, attrs?: Record<string, unknown>) => errorOf(() => connect(text, attrs));

describe("Connect special values and constants", () => {
  it("returns the sentinels and NULL", () => {
    expect(connect("AuthoritativeNull")).toBe(AUTHORITATIVE_NULL);
    expect(connect("IIF(IsPresent([missing]), [missing], IgnoreThisFlow)")).toBe(IGNORE_THIS_FLOW);
    expect(connect("NULL")).toBeNull();
    expect(connect("CRLF")).toBe("\r\n");
    expect(connect("[noValues]")).toBeNull();
    expect(errorOf(() => connect("LCase(AuthoritativeNull)")).code).toBe("expression-error");
  });

  it("reads %parameters% and fails on undefined ones", () => {
    expect(connect('"DC=" & %Domain.Netbios%')).toBe("DC=CONTOSO");
    const e = fails("%Forest.FQDN%");
    expect(e.message).toBe("test: position 0: parameter %Forest.FQDN% is not defined");
    expect(e.details).toMatchObject({ field: "test", position: 0 });
  });
});

describe("Connect operators (same priority, left to right)", () => {
  it("concatenates with &, NULL as empty, values of a multi-valued operand each", () => {
    expect(connect('[givenName] & "." & [sn]')).toBe("ann.LEE");
    expect(connect('"x" & [missing] & 1 & True')).toBe("x1True");
    expect(connect('"smtp:" & Split("a,b", ",")')).toEqual(["smtp:a", "smtp:b"]);
    expect(fails("[proxyAddresses] & [proxyAddresses]").message).toContain("cannot both be multi-valued");
  });

  it("evaluates arithmetic left to right without precedence, as documented", () => {
    expect(connect("2*5+3")).toBe(13);
    expect(connect("2+5*3")).toBe(21);
    expect(connect("2*(5+3)")).toBe(16);
    expect(connect("10/4-1")).toBe(1.5);
    expect(connect("[missing] + 1")).toBeNull();
    expect(fails("1/0").message).toBe("test: position 1: division by zero");
    expect(fails('"a" + 1').message).toContain("operand of + must be a number");
  });

  it("compares strings ordinally, numbers numerically, NULL only equal to NULL", () => {
    expect(connect('[sn] = "LEE"')).toBe(true);
    expect(connect('[sn] = "lee"')).toBe(false);
    expect(connect('[sn] <> "lee"')).toBe(true);
    expect(connect("[employeeNumber] = 42")).toBe(true);
    expect(connect("[userAccountControl] >= 512")).toBe(true);
    expect(connect('"a" < "b"')).toBe(true);
    expect(connect("[missing] = NULL")).toBe(true);
    expect(connect('[missing] = ""')).toBe(false);
    expect(connect("[missing] < 1")).toBe(false);
    expect(connect("CGuid([objectGUID]) = CGuid([objectGUID])")).toBe(true);
    expect(fails("True < False").message).toContain("cannot order booleans");
    expect(fails('"abc" = 1').message).toContain("cannot compare");
    expect(fails('[proxyAddresses] = "x"').message).toContain("must be a single value");
  });

  it("combines conditions with && and || (short-circuit)", () => {
    expect(connect('([sn] = "LEE") && ([givenName] = "ann")')).toBe(true);
    expect(connect('False && Error("not evaluated")')).toBe(false);
    expect(connect('True || Error("not evaluated")')).toBe(true);
    expect(fails('"x" && True').message).toContain("operand of && must be a boolean");
  });
});

describe("Connect program flow", () => {
  it("IIF evaluates only the branch taken", () => {
    expect(connect('IIF([isManager], "M", Error("no"))')).toBe("M");
    expect(connect('IIF(IsPresent([missing]), Error("no"), "fallback")')).toBe("fallback");
    expect(connect('IIF([missing], "a", "b")')).toBe("b");
    const e = fails('IIF(False, 1, Error("Stop here"))');
    expect(e.code).toBe("expression-error");
    expect(e.message).toBe("test: position 14: Error: Stop here");
    expect(e.details).toEqual({ field: "test", position: 14, value: "Stop here" });
    expect(fails('IIF("maybe", 1, 2)').message).toContain("first argument of IIF must be a boolean");
  });

  it("Switch returns the value of the first true condition, else NULL", () => {
    const rule = 'Switch([c] = "GB", "English", [c] = "IT", "Italian", True, "Other")';
    expect(connect(rule, { c: "IT" })).toBe("Italian");
    expect(connect(rule, { c: "FR" })).toBe("Other");
    expect(connect('Switch([c] = "GB", "English")', { c: "FR" })).toBeNull();
    expect(connect('Switch(True, "first", Error("later conditions are not evaluated"), 1)')).toBe("first");
    expect(fails('Switch("x", 1)').message).toContain("condition 1 must be a boolean");
  });

  it("Error raises a typed runtime error naming the source and position", () => {
    const e = fails('Trim(Error("Bad " & [sn]))');
    expect(e.message).toBe("test: position 5: Error: Bad LEE");
  });
});

describe("Connect text functions", () => {
  it("Left, Right, Mid with documented edge cases", () => {
    expect(connect('Left("John Doe", 3)')).toBe("Joh");
    expect(connect('Left("John Doe", 0)')).toBe("");
    expect(connect('Left("John Doe", -1)')).toBe("John Doe");
    expect(connect('Left("Jo", 5)')).toBe("Jo");
    expect(connect("Left([missing], 2)")).toBe("");
    expect(connect('Right("John Doe", 3)')).toBe("Doe");
    expect(connect('Right("John Doe", 0)')).toBe("");
    expect(connect('Right("John Doe", -2)')).toBe("John Doe");
    expect(connect('Mid("John Doe", 3, 5)')).toBe("hn Do");
    expect(connect('Mid("John Doe", 6, 999)')).toBe("Doe");
    expect(connect('Mid("John Doe", 6)')).toBe("Doe");
    expect(connect('Mid("John Doe", 20, 2)')).toBe("");
    expect(connect('Mid("John Doe", 2, 0)')).toBe("");
    expect(connect("Left([proxyAddresses], 5)")).toEqual(["smtp:", "SMTP:", "smtp:"]);
    expect(fails('Left("a", "b")').message).toBe(
      'test: position 0: Left: second argument of Left must be a number but found string "b"',
    );
    expect(fails("Left(5, 1)").message).toContain(
      "first argument of Left must be a string but found number 5",
    );
    expect(fails('Left("a", 1.5)').message).toContain("must be a whole number");
  });

  it("Len, Trim, LTrim, RTrim, LCase, UCase", () => {
    expect(connect('Len("abc")')).toBe(3);
    expect(connect("Len([missing])")).toBeNull();
    expect(connect('Trim("  a b  ")')).toBe("a b");
    expect(connect('LTrim("  a ")')).toBe("a ");
    expect(connect('RTrim("  a ")')).toBe("  a");
    expect(connect("LCase([sn])")).toBe("lee");
    expect(connect("UCase([givenName])")).toBe("ANN");
    expect(connect("UCase([missing])")).toBeNull();
    expect(connect('Trim(Split(" a , b ", ","))')).toEqual(["a", "b"]);
    expect(connect("LCase([proxyAddresses])")).toEqual([
      "smtp:ann@fabrikam.com",
      "smtp:ann.lee@contoso.com",
      "smtp:ann@fabrikam.com",
    ]);
  });

  it("PCase leaves all-caps words alone, as documented", () => {
    expect(connect('PCase("TEsT")')).toBe("Test");
    expect(connect('PCase("TEST")')).toBe("TEST");
    expect(connect('PCase(LCase("TEST"))')).toBe("Test");
    expect(connect('PCase("mary-jane o\'neil  smith")')).toBe("Mary-jane O'neil  Smith");
  });

  it("Word splits on any delimiter character", () => {
    expect(connect('Word("The quick brown fox", 3, " ")')).toBe("brown");
    expect(connect('Word("This,string!has&many separators", 3, ",!&#")')).toBe("has");
    expect(connect('Word("a  b", 2, " ")')).toBe("b");
    expect(connect('Word("a b", 0, " ")')).toBe("");
    expect(connect('Word("a b", 5, " ")')).toBe("");
    expect(connect('Word([missing], 1, " ")')).toBe("");
  });

  it("Replace with \\r \\n \\t monikers", () => {
    expect(connect('Replace("a-b-c", "-", "+")')).toBe("a+b+c");
    expect(connect('Replace([street], "\\r\\n", ", ")', { street: "1 Main St\r\nApt 2" })).toBe(
      "1 Main St, Apt 2",
    );
    expect(connect('Replace("a\tb", "\\t", " ")')).toBe("a b");
    expect(connect('Replace("abc", "", "x")')).toBe("abc");
    expect(connect('Replace([missing], "a", "b")')).toBeNull();
    expect(connect('Replace([proxyAddresses], "smtp:", "")')).toEqual([
      "ann@fabrikam.com",
      "SMTP:Ann.Lee@contoso.com",
      "ann@fabrikam.com",
    ]);
  });

  it("InStr and InStrRev, binary or text compare", () => {
    expect(connect('InStr("The quick brown fox", "quick")')).toBe(5);
    expect(connect('InStr("repEated", "e", 3, vbBinaryCompare)')).toBe(7);
    expect(connect('InStr("repEated", "e", 3, vbTextCompare)')).toBe(4);
    expect(connect('InStr("abc", "z")')).toBe(0);
    expect(connect('InStr([missing], "z")')).toBeNull();
    expect(connect('InStrRev("a.b.c", ".")')).toBe(4);
    expect(connect('InStrRev("a.b.c", ".", 3)')).toBe(2);
    expect(fails('InStr("abc", "a", 0)').message).toContain("start must be 1 or more");
    expect(fails('InStr("abc", "a", 1, "sideways")').message).toContain(
      "expected one of vbBinaryCompare, vbTextCompare",
    );
  });

  it("PadLeft and PadRight", () => {
    expect(connect('PadLeft("42", 5, "0")')).toBe("00042");
    expect(connect('PadRight("42", 4, "xy")')).toBe("42xx");
    expect(connect('PadLeft("12345", 3, "0")')).toBe("12345");
    expect(connect('PadLeft("1", 3, "")')).toBe("1");
    expect(fails('PadLeft("1", 999999999, "0")').message).toContain("exceeds");
  });

  it("EscapeDNComponent", () => {
    expect(connect('EscapeDNComponent("CN=" & [displayName2])', { displayName2: "Lee, Ann" })).toBe(
      "CN=Lee\\, Ann",
    );
    expect(connect('EscapeDNComponent("a+b")')).toBe("a\\+b");
  });
});

describe("Connect conversion and evaluation functions", () => {
  it("CStr, CNum, CBool, CRef", () => {
    expect(connect("CStr(42)")).toBe("42");
    expect(connect("CStr(True)")).toBe("True");
    expect(connect("CStr([missing])")).toBeNull();
    expect(fails("CStr([proxyAddresses])").message).toContain("cannot convert a multi-valued string");
    expect(connect("CNum([employeeNumber])")).toBe(42);
    expect(connect('CNum("&H10")')).toBe(16);
    expect(fails('CNum("abc")').message).toBe(
      'test: position 0: CNum: cannot convert a string "abc" to a number',
    );
    expect(connect("CBool(1)")).toBe(true);
    expect(connect("CBool(0)")).toBe(false);
    expect(connect('CBool("true")')).toBe(true);
    expect(connect("CBool([a] = [b])", { a: "x", b: "x" })).toBe(true);
    expect(fails('CBool("perhaps")').code).toBe("expression-error");
    expect(connect("CRef([dn])")).toBe(PERSON.dn);
  });

  it("IsPresent, IsNullOrEmpty, IsNull, IsEmpty, IsString, IsNumeric, IsGuid, IsBitSet", () => {
    expect(connect("IsPresent([sn])")).toBe(true);
    expect(connect("IsPresent([empty])")).toBe(false);
    expect(connect("IsPresent([missing])")).toBe(false);
    expect(connect("IsPresent([proxyAddresses])")).toBe(true);
    expect(connect("IsNullOrEmpty([empty])")).toBe(true);
    expect(connect("IsNullOrEmpty([sn])")).toBe(false);
    expect(connect("IsNull([empty])")).toBe(false);
    expect(connect("IsNull([missing])")).toBe(true);
    expect(connect("IsEmpty([missing])")).toBe(true);
    expect(connect("IsString([sn])")).toBe(true);
    expect(connect("IsString(5)")).toBe(false);
    expect(connect("IsNumeric([employeeNumber])")).toBe(true);
    expect(connect("IsNumeric([sn])")).toBe(false);
    expect(connect("IsGuid([objectGUID])")).toBe(true);
    expect(connect("IsGuid([sn])")).toBe(false);
    expect(connect("IsBitSet([userAccountControl], 2)")).toBe(true);
    expect(connect("IsBitSet(&HF, 16)")).toBe(false);
  });

  it("CGuid, StringFromGuid and ConvertToBase64 of a GUID give the ImmutableId", () => {
    expect(connect("ConvertToBase64(CGuid([objectGUID]))")).toBe("1B59SvoUL02PNh3VxbfgoQ==");
    expect(connect("StringFromGuid(CGuid([objectGUID]))")).toBe(PERSON.objectGUID);
    expect(connect('StringFromGuid(CGuid("{4A7D1ED4-14FA-4D2F-8F36-1DD5C5B7E0A1}"))')).toBe(
      PERSON.objectGUID,
    );
    expect(connect("CGuid([missing])")).toBeNull();
    const e = fails("CGuid([sn])");
    expect(e.message).toBe('test: position 0: CGuid: "LEE" is not a GUID');
    expect(e.details).toMatchObject({ field: "test", position: 0, value: "LEE" });
    expect(fails("StringFromGuid([objectGUID])").message).toContain("expected a 16-byte binary GUID");
  });

  it("Base64 and UTF-8 hex conversions", () => {
    expect(connect('ConvertToBase64("Hello world!")')).toBe("SABlAGwAbABvACAAdwBvAHIAbABkACEA");
    expect(connect('ConvertFromBase64("SABlAGwAbABvACAAdwBvAHIAbABkACEA")')).toBe("Hello world!");
    expect(connect('ConvertFromBase64("SGVsbG8gd29ybGQh", UTF8)')).toBe("Hello world!");
    expect(connect('ConvertFromBase64("SGVsbG8gd29ybGQh", "ASCII")')).toBe("Hello world!");
    expect(fails('ConvertFromBase64("%%%")').message).toContain("is not base64");
    expect(connect('ConvertToUTF8Hex("Hello world!")')).toBe("48656C6C6F20776F726C6421");
    expect(connect('ConvertFromUTF8Hex("48656C6C6F20776F726C6421")')).toBe("Hello world!");
    expect(fails('ConvertFromUTF8Hex("4")').message).toContain("is not hexadecimal");
  });

  it("BitAnd and BitOr", () => {
    expect(connect("BitAnd(&HF, &HF7)")).toBe(7);
    expect(connect("BitOr(&HF0, 3)")).toBe(243);
    expect(connect("BitAnd([userAccountControl], 2) = 0")).toBe(false);
    expect(connect("BitAnd([missing], 2)")).toBeNull();
    expect(fails('BitAnd("2", 1)').message).toContain("first argument of BitAnd must be a number");
  });
});

describe("Connect multi-valued and directory functions", () => {
  it("Item, ItemOrNull, Contains, Count", () => {
    expect(connect('Mid(Item([proxyAddresses], Contains([proxyAddresses], "SMTP:")), 6)')).toBe(
      "Ann.Lee@contoso.com",
    );
    expect(connect('Contains([proxyAddresses], "SMTP:")')).toBe(2);
    expect(connect('Contains([proxyAddresses], "SMTP:", CaseInsensitive)')).toBe(1);
    expect(connect('Contains([proxyAddresses], "x500:")')).toBe(0);
    expect(connect('Contains([missing], "x")')).toBe(0);
    expect(connect('Contains([sn], "E")')).toBe(1);
    expect(connect("Item([proxyAddresses], 1)")).toBe("smtp:ann@fabrikam.com");
    expect(fails("Item([proxyAddresses], 4)").message).toBe(
      "test: position 0: Item: index 4 is out of range: the attribute has 3 value(s)",
    );
    expect(connect("ItemOrNull([proxyAddresses], 4)")).toBeNull();
    expect(connect("Item([missing], 1)")).toBeNull();
    expect(connect("Count([proxyAddresses])")).toBe(3);
    expect(connect("Count([sn])")).toBe(1);
    expect(connect("Count([missing])")).toBe(0);
  });

  it("Join, Split, RemoveDuplicates", () => {
    expect(connect('Join([proxyAddresses], ",")')).toBe(
      "smtp:ann@fabrikam.com,SMTP:Ann.Lee@contoso.com,smtp:ann@fabrikam.com",
    );
    expect(connect('Join(Split("a,b", ","))')).toBe("a b");
    expect(connect('Join([missing], ",")')).toBeNull();
    expect(connect('Split("SMTP:john@contoso.com,smtp:jd@contoso.com", ",")')).toEqual([
      "SMTP:john@contoso.com",
      "smtp:jd@contoso.com",
    ]);
    expect(connect('Split("a,b,c", ",", 2)')).toEqual(["a", "b,c"]);
    expect(connect('Split("", ",")')).toBeNull();
    expect(fails('Split("a::b", "::")').message).toContain("delimiter must be a single character");
    expect(connect("RemoveDuplicates([proxyAddresses])")).toEqual([
      "smtp:ann@fabrikam.com",
      "SMTP:Ann.Lee@contoso.com",
    ]);
    expect(connect('RemoveDuplicates(Trim(Split("a, a,b", ",")))')).toEqual(["a", "b"]);
    expect(connect("RemoveDuplicates([missing])")).toBeNull();
  });

  it("DNComponent and DNComponentRev (1-based, escaped commas kept)", () => {
    expect(connect("DNComponent(CRef([dn]), 1)")).toBe("Lee\\, Ann");
    expect(connect("DNComponent([dn], 2)")).toBe("Sales");
    expect(connect("DNComponent([dn], 9)")).toBeNull();
    const dn = { dn: "cn=Joe,ou=Atlanta,ou=GA,ou=US, dc=contoso, dc=com" };
    expect(connect("DNComponentRev([dn], 3)", dn)).toBe("US");
    expect(connect('DNComponentRev([dn], 1, "DC")', dn)).toBe("US");
    expect(fails('DNComponent("not a dn", 1)').message).toContain("is not a distinguished name");
  });
});

describe("Connect function table", () => {
  it("lists every required function with a signature and summary", () => {
    const required = [
      "IIF",
      "Switch",
      "Left",
      "Right",
      "Mid",
      "Len",
      "Trim",
      "LTrim",
      "RTrim",
      "LCase",
      "UCase",
      "PCase",
      "Word",
      "Item",
      "ItemOrNull",
      "Join",
      "Split",
      "Replace",
      "Contains",
      "InStr",
      "IsPresent",
      "IsNullOrEmpty",
      "IsNull",
      "IsString",
      "CStr",
      "CNum",
      "CBool",
      "CGuid",
      "StringFromGuid",
      "ConvertToBase64",
      "ConvertFromBase64",
      "BitAnd",
      "BitOr",
      "DNComponent",
      "DNComponentRev",
      "Error",
      "Count",
      "RemoveDuplicates",
      "EscapeDNComponent",
    ];
    for (const name of required) {
      const f = CONNECT_FUNCTIONS.get(name);
      expect(f, name).toBeDefined();
      expect(f?.signature).toContain(name);
      expect(f?.summary.length).toBeGreaterThan(5);
    }
  });
});
