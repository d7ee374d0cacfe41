/** Code points a terminal draws in no column: combining marks, zero-width joiners and spaces, variation selectors. */
const ZERO_WIDTH = /^(?:\p{Mn}|\p{Me}|\p{Variation_Selector}|[\u200B-\u200D\u2060\uFEFF])$/u;

/** Code points a terminal draws two columns wide: East Asian wide and fullwidth characters, emoji. */
const WIDE =
  /^[\p{Emoji_Presentation}\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uA960-\uA97F\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE19\uFE30-\uFE6F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F900}-\u{1F9FF}\u{20000}-\u{2FFFD}\u{30000}-\u{3FFFD}]$/u;

/**
 * Columns `text` takes on a terminal, counted per code point (not per UTF-16 unit): 0 for
 * combining marks and zero-width characters, 2 for East Asian wide characters and emoji, 1 for
 * the rest. For text already through `terminalText` (no control characters).
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const c of text) width += ZERO_WIDTH.test(c) ? 0 : WIDE.test(c) ? 2 : 1;
  return width;
}

/** The longest start of `text` that fits `columns`, cut between code points. */
export function cutToWidth(text: string, columns: number): string {
  let width = 0;
  let end = 0;
  for (const c of text) {
    const w = ZERO_WIDTH.test(c) ? 0 : WIDE.test(c) ? 2 : 1;
    if (width + w > columns) break;
    width += w;
    end += c.length;
  }
  return text.slice(0, end);
}
