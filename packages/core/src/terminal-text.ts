/**
 * Characters that change how the text around them reads rather than showing themselves: C0
 * controls (ESC, BEL, CR, LF, TAB, ...), DEL, C1 controls (CSI, OSC, ...), the bidirectional marks,
 * embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), the
 * line and paragraph separators (U+2028, U+2029), and lone surrogates (half of a character).
 */
const UNSAFE =
  /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Options of {@link visibleText}. */
export interface VisibleTextOptions {
  /** Keep line feeds and tabs as they are (stack traces in HTML and JUnit); default false. */
  multiline?: boolean;
}

/**
 * `text` with every character that could make it read differently from what it holds (see
 * above) shown as a visible `\xNN` / `\uNNNN` escape, so untrusted text (error messages, method
 * names) cannot clear a screen, retitle a terminal, forge a line or show a name reversed. The rule
 * of every human-facing format: the log lines, and `@track/reporters`' table, HTML page and JUnit
 * file.
 */
export function visibleText(text: string, options: VisibleTextOptions = {}): string {
  return text.replace(UNSAFE, (c) => {
    if (options.multiline && (c === '\n' || c === '\t')) return c;
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * `text` fit for one terminal or log line: {@link visibleText} with line feeds and tabs escaped
 * too, so untrusted text (error messages, names) cannot clear the screen, retitle the window or
 * forge a line.
 */
export function terminalText(text: string): string {
  return visibleText(text);
}
