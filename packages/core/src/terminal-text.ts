// C0 controls (ESC, BEL, CR, LF, TAB, ...), DEL, C1 controls (CSI, OSC, ...), the bidirectional
// marks, embeddings, overrides and isolates, the line and paragraph separators (U+2028, U+2029) and
// lone surrogates: what can make a line read differently from what it holds.
const UNSAFE_FOR_TERMINAL =
  /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `text` fit for a terminal or a log line: every control character (ESC, BEL, CR, LF, C1 controls,
 * bidirectional overrides and isolates, U+2028/U+2029, lone surrogates) shown as a visible `\xNN` / `\uNNNN` escape instead of being
 * interpreted, so untrusted text (error messages, names) cannot clear the screen, retitle the window
 * or forge a line.
 */
export function terminalText(text: string): string {
  return text.replace(UNSAFE_FOR_TERMINAL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
