/**
 * Escaping for every string a report takes from a scenario or a result (names, descriptions, details,
 * labels, reasons). One function per output language, used everywhere, so no caller has to remember
 * which characters matter where.
 */

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML and SVG, in element content and in quoted attribute values alike.
 *
 * @param value - any value; non-strings are converted with `String`
 * @returns the text with `& < > " '` replaced by entities
 * @public
 */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? ch);
}

/**
 * Escapes text for one Markdown table cell: `|` cannot end the cell, a newline cannot end the row, and
 * HTML-significant characters are written as entities so a renderer shows them as text.
 *
 * @param value - any value; non-strings are converted with `String`
 * @returns the cell text
 * @public
 */
export function escapeMarkdownCell(value: unknown): string {
  return markdownInline(value, "<br>").replace(/\|/g, "\\|");
}

/**
 * Escapes text for inline Markdown (a heading, a list item, a paragraph): Markdown punctuation is
 * backslash-escaped, HTML-significant characters become entities, and line breaks become spaces so the
 * text stays in its block.
 *
 * @param value - any value; non-strings are converted with `String`
 * @returns the inline text
 * @public
 */
export function escapeMarkdownText(value: unknown): string {
  return markdownInline(value, " ");
}

function markdownInline(value: unknown, lineBreak: string): string {
  return String(value)
    .replace(/[\\`*_{}[\]()#+!~]/g, (ch) => `\\${ch}`)
    .replace(/[&<>]/g, (ch) => HTML_ENTITIES[ch] ?? ch)
    .replace(/\r\n|\r|\n/g, lineBreak);
}
