import { visibleText } from '@track/core';

/**
 * XML text helpers for a serializer that is always well-formed and reads as it holds: controls,
 * bidirectional overrides and lone surrogates are shown as visible escapes ({@link visibleText}; line
 * feeds and tabs kept), the other characters XML 1.0 forbids (U+FFFE/U+FFFF) are dropped, markup is
 * escaped, and CDATA sections split every `]]>`.
 */

/** The non-characters XML 1.0 forbids that {@link visibleText} leaves alone. */
const FORBIDDEN = /[\uFFFE\uFFFF]/g;

/** `text` as the JUnit file carries it: visible escapes for controls and lone surrogates, no forbidden characters. */
export function xmlSafeText(text: string): string {
  return visibleText(text, { multiline: true }).replace(FORBIDDEN, '');
}

/** Escaped for an attribute value (double-quoted) or element text. */
export function escapeXml(text: string): string {
  return xmlSafeText(text)
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
  return xmlSafeText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A CDATA section holding `text`, every `]]>` split across two sections. */
export function cdata(text: string): string {
  return `<![CDATA[${xmlSafeText(text).split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

/** Caps `text` at `maxBytes` of UTF-8, with a note saying how much was cut. */
export function capUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.byteLength(text);
  if (bytes <= maxBytes) return text;
  let cut = Buffer.from(text).subarray(0, maxBytes).toString('utf8');
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return `${cut}\n[truncated ${bytes - Buffer.byteLength(cut)} bytes]`;
}
