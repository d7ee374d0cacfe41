/**
 * XML text helpers for a serializer that is always well-formed: characters XML 1.0 forbids are
 * dropped (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF), markup is escaped, and CDATA
 * sections split every `]]>`.
 */

// Matching forbidden control characters is the point (the lint rule against them is off in biome.json).
const FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` without the characters XML 1.0 cannot carry. */
export function dropForbiddenXmlChars(text: string): string {
  return text.replace(FORBIDDEN, '');
}

/** Escaped for an attribute value (double-quoted) or element text. */
export function escapeXml(text: string): string {
  return dropForbiddenXmlChars(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** Escaped for element text (newlines kept). */
export function escapeXmlText(text: string): string {
  return dropForbiddenXmlChars(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A CDATA section holding `text`, every `]]>` split across two sections. */
export function cdata(text: string): string {
  return `<![CDATA[${dropForbiddenXmlChars(text).split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

/** Caps `text` at `maxBytes` of UTF-8, with a note saying how much was cut. */
export function capUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.byteLength(text);
  if (bytes <= maxBytes) return text;
  let cut = Buffer.from(text).subarray(0, maxBytes).toString('utf8');
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return `${cut}\n[truncated ${bytes - Buffer.byteLength(cut)} bytes]`;
}
