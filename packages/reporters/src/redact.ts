import type { FailureRecord } from '@track/core';
import { type ReportInput, type ReportMeta, toReportData } from './report-input';

/**
 * Replaces the secrets in a text, e.g. `(text) => session.secrets.scrub(text)` with the HTTP layer's
 * `SecretRegistry`. Reporters know no secrets themselves: without one they print texts as given.
 */
export type Redact = (text: string) => string;

/** Options every format shares. */
export interface RedactOptions {
  /** Applied to every text taken from the statistics and the meta before it is formatted. */
  redact?: Redact;
}

/**
 * The statistics document with `redact` applied to every text in it (client and method names,
 * failure names, messages, normalized messages and stacks); `input` itself when there is no `redact`. Applied before any
 * escaping, so a secret is caught however the format would have escaped it.
 */
export function redactStats(input: ReportInput, redact: Redact | undefined): ReportInput {
  if (!redact) return input;
  // A text redacted to nothing would make the document invalid (names and stacks are non-empty).
  const text = (value: string) => redact(value) || '***';
  const doc = toReportData(input).doc;
  return {
    ...doc,
    methods: doc.methods.map((m) => ({
      ...m,
      client: text(m.client),
      method: text(m.method),
      failures: m.failures.map((f: FailureRecord): FailureRecord => {
        const out: FailureRecord = { ...f, stack: text(f.stack) };
        if (f.name !== undefined) out.name = redact(f.name);
        if (f.message !== undefined) out.message = redact(f.message);
        if (f.normalizedMessage !== undefined) out.normalizedMessage = redact(f.normalizedMessage);
        return out;
      }),
    })),
  };
}

/** `meta` with `redact` applied to its texts (title, scenario, cloud name, tool names and versions). */
export function redactMeta(meta: ReportMeta, redact: Redact | undefined): ReportMeta {
  if (!redact) return meta;
  const out: ReportMeta = { ...meta };
  if (meta.title !== undefined) out.title = redact(meta.title);
  if (meta.scenario !== undefined) out.scenario = redact(meta.scenario);
  if (meta.cloudName !== undefined) out.cloudName = redact(meta.cloudName);
  if (meta.runId !== undefined) out.runId = redact(meta.runId);
  if (meta.runIds !== undefined) out.runIds = meta.runIds.map(redact);
  if (meta.toolVersions !== undefined)
    out.toolVersions = Object.fromEntries(
      Object.entries(meta.toolVersions).map(([tool, version]) => [redact(tool), redact(version)]),
    );
  return out;
}
