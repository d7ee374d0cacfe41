import { CliError } from '../cli-error';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses `500ms`, `30s`, `15m`, `2h`, `1h30m` (a bare number is seconds) into milliseconds.
 * Throws a usage error naming `option` when the text is not a duration or is below `minMs`.
 */
export function parseDuration(text: string, option: string, { minMs = 0 }: { minMs?: number } = {}): number {
  const trimmed = text.trim();
  const parts = /^\d+(\.\d+)?$/.test(trimmed)
    ? [['', trimmed, 's']]
    : [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || (parts[0]![0] !== '' && parts.map((p) => p[0]).join('') !== trimmed)) {
    throw new CliError(`${option} must be a duration like 30s, 15m or 2h, got ${JSON.stringify(text)}`);
  }
  const ms = parts.reduce((total, p) => total + Number(p[1]) * UNITS[p[2]!]!, 0);
  if (ms < minMs) {
    throw new CliError(
      `${option} must be at least ${minMs >= 1000 ? `${minMs / 1000}s` : `${minMs}ms`}, got ${JSON.stringify(text)}`,
    );
  }
  return ms;
}

/** `1h 02m 03s` style, for status lines. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m${String(sec).padStart(2, '0')}s`;
  if (m > 0) return `${m}m${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}
