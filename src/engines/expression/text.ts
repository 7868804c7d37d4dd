/**
 * Pure string, DN, GUID and encoding helpers behind the expression functions. No function here throws;
 * each returns `undefined` for input it cannot handle and the caller raises the typed error.
 */

/**
 * `Word(string, n, delimiters)`: the n-th (1-based) word, where any character of `delimiters` separates
 * words. Runs of delimiters count as one separator (assumption: the reference does not say). Out of range
 * → empty string, as documented.
 *
 * @internal
 */
export function wordOf(text: string, n: number, delimiters: string): string {
  if (n < 1) return "";
  const separators = new Set(delimiters);
  let count = 0;
  let current = "";
  for (const ch of text + (delimiters[0] ?? "")) {
    if (separators.has(ch)) {
      if (current.length > 0) {
        count += 1;
        if (count === n) return current;
        current = "";
      }
    } else {
      current += ch;
    }
  }
  if (separators.size === 0 && n === 1) return text;
  return "";
}

/**
 * Proper case: first letter of each word upper case, the rest lower case. With `keepAllCaps`, a word
 * written entirely in upper case is left as is — .NET `TextInfo.ToTitleCase`, which the Connect reference
 * reflects ("doesn't currently work properly to convert the case of a word that is entirely uppercase").
 *
 * @internal
 */
export function properCase(text: string, isSeparator: (ch: string) => boolean, keepAllCaps: boolean): string {
  let out = "";
  let word = "";
  const flush = () => {
    if (word.length === 0) return;
    const allCaps = word === word.toUpperCase() && word !== word.toLowerCase();
    if (keepAllCaps && allCaps) out += word;
    else {
      const first = String.fromCodePoint(word.codePointAt(0) ?? 0);
      out += first.toUpperCase() + word.slice(first.length).toLowerCase();
    }
    word = "";
  };
  for (const ch of text) {
    if (isSeparator(ch)) {
      flush();
      out += ch;
    } else word += ch;
  }
  flush();
  return out;
}

/** One RDN of a DN: attribute type and raw (still escaped) value. @internal */
export interface DnPart {
  readonly type: string;
  readonly value: string;
}

/** Splits a DN on unescaped commas; `undefined` when a part has no `type=value` form. @internal */
export function dnParts(dn: string): DnPart[] | undefined {
  const raw: string[] = [];
  let current = "";
  for (let i = 0; i < dn.length; i += 1) {
    const ch = dn[i] as string;
    if (ch === "\\" && i + 1 < dn.length) {
      current += ch + (dn[i + 1] as string);
      i += 1;
    } else if (ch === ",") {
      raw.push(current);
      current = "";
    } else current += ch;
  }
  raw.push(current);
  const parts: DnPart[] = [];
  for (const part of raw) {
    const eq = part.indexOf("=");
    if (eq <= 0) return undefined;
    parts.push({ type: part.slice(0, eq).trim(), value: part.slice(eq + 1).trim() });
  }
  return parts;
}

const DN_SPECIAL = new Set([",", "+", '"', "\\", "<", ">", ";", "="]);

/**
 * `EscapeDNComponent`: escapes one RDN (`CN=Lee, Ann` → `CN=Lee\, Ann`) per RFC 4514 so it can be put
 * into a DN; only the value after the first `=` is escaped.
 *
 * @internal
 */
export function escapeDnComponent(component: string): string {
  const eq = component.indexOf("=");
  const prefix = eq < 0 ? "" : component.slice(0, eq + 1);
  const value = eq < 0 ? component : component.slice(eq + 1);
  let out = "";
  for (let i = 0; i < value.length; i += 1) {
    const ch = value[i] as string;
    const edge = (i === 0 && (ch === " " || ch === "#")) || (i === value.length - 1 && ch === " ");
    out += DN_SPECIAL.has(ch) || edge ? `\\${ch}` : ch;
  }
  return prefix + out;
}

/**
 * A GUID string (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, optionally in braces) as the 16 bytes Windows
 * stores (first three fields little-endian, as `Guid.ToByteArray`), or `undefined`.
 *
 * @internal
 */
export function guidBytes(text: string): number[] | undefined {
  const m =
    /^\{?([0-9a-fA-F]{8})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{12})\}?$/.exec(
      text.trim(),
    );
  if (!m || text.trim().startsWith("{") !== text.trim().endsWith("}")) return undefined;
  const hex = (m.slice(1) as string[]).join("");
  const b = Array.from({ length: 16 }, (_, i) => Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16));
  const at = (i: number) => b[i] as number;
  return [at(3), at(2), at(1), at(0), at(5), at(4), at(7), at(6), ...b.slice(8)];
}

/** The string form (lower-case, hyphenated) of 16 GUID bytes in Windows order. @internal */
export function guidString(bytes: readonly number[]): string {
  const order = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15];
  return order.map((i) => (i < 0 ? "-" : (bytes[i] ?? 0).toString(16).padStart(2, "0"))).join("");
}

/** Base64 text → bytes, or `undefined` when the text is not base64. @internal */
export function base64Bytes(text: string): Buffer | undefined {
  const t = text.trim();
  if (t.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(t)) return undefined;
  return Buffer.from(t, "base64");
}

/** Hex text → bytes, or `undefined`. @internal */
export function hexBytes(text: string): Buffer | undefined {
  const t = text.trim();
  if (t.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(t)) return undefined;
  return Buffer.from(t, "hex");
}

/**
 * The special monikers Connect's `Replace` recognises in its old and new values
 * (`reference-connect-sync-functions-reference`: `\n` new line, `\r` carriage return, `\t` tab).
 *
 * @internal
 */
export function replaceMonikers(text: string): string {
  return text.replace(/\\([nrt])/g, (_, c: string) => (c === "n" ? "\n" : c === "r" ? "\r" : "\t"));
}

/** Counts non-overlapping occurrences of `find` (non-empty) in `text`. @internal */
export function occurrences(text: string, find: string): number {
  let count = 0;
  for (let at = text.indexOf(find); at >= 0; at = text.indexOf(find, at + find.length)) count += 1;
  return count;
}

// Letters that Unicode decomposition does not reduce to a base letter plus marks.
const DIACRITIC_FALLBACKS: Readonly<Record<string, string>> = {
  ø: "o",
  Ø: "O",
  æ: "ae",
  Æ: "AE",
  œ: "oe",
  Œ: "OE",
  ß: "ss",
  ł: "l",
  Ł: "L",
  đ: "d",
  Đ: "D",
  ı: "i",
  þ: "th",
  Þ: "TH",
};

/**
 * `NormalizeDiacritics`: replaces accented letters with their plain equivalents (`Zoë` → `Zoe`), as the
 * Cloud Sync reference tabulates: canonical decomposition with combining marks removed, plus the letters
 * that do not decompose (`ø`, `æ`, `ß`, `ł`, ...).
 *
 * @internal
 */
export function normalizeDiacritics(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[øØæÆœŒßłŁđĐıþÞ]/g, (ch) => DIACRITIC_FALLBACKS[ch] ?? ch);
}
