import { describe } from './whitelist';

/** Characters of stack or message text kept per failure trace; longer text is cut with a note. */
export const MAX_TRACE_TEXT = 64 * 1024;

/** What identifies a failure beside its frames: error name, HTTP status and message. */
export interface FailureIdentity {
  name: string | undefined;
  message: string | undefined;
  /** HTTP status of the error (`status` or `statusCode`), when it has one. */
  status: number | undefined;
}

/**
 * The name, message and status of a thrown value, read without ever throwing (a getter that throws
 * reads as absent); the message is capped with {@link capText}. A non-object is named by its type and
 * described as its message (`string "no"`).
 */
export function identify(error: unknown): FailureIdentity {
  if (error === null || (typeof error !== 'object' && typeof error !== 'function')) {
    return { name: typeof error, message: capText(describe(error)), status: undefined };
  }
  const name = readText(error, 'name');
  const message = readText(error, 'message');
  const status = readStatus(error, 'status') ?? readStatus(error, 'statusCode');
  return { name, message: message === undefined ? undefined : capText(message), status };
}

/**
 * `text` cut to {@link MAX_TRACE_TEXT} characters with a `[truncated N characters]` note, so that one
 * enormous stack or message cannot hold megabytes per trace.
 */
export function capText(text: string): string {
  if (text.length <= MAX_TRACE_TEXT) return text;
  return `${text.slice(0, MAX_TRACE_TEXT)}\n[truncated ${text.length - MAX_TRACE_TEXT} characters]`;
}

function readText(error: object, key: string): string | undefined {
  try {
    const value = (error as Record<string, unknown>)[key];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function readStatus(error: object, key: string): number | undefined {
  try {
    const value = (error as Record<string, unknown>)[key];
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  } catch {
    return undefined;
  }
}
