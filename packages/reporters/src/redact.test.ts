import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StatsJSON } from '@track/core';
import { describe, expect, test } from 'vitest';
import { toHtml } from './html-format';
import { formatJsonReport } from './json-report';
import { toJUnit } from './junit-format';
import { formatLog, formatStatsLines, logStats } from './log-format';
import { formatTable } from './table-format';
import { latencyOf } from './test-support/latency-of';
import { REPORT_FORMATS, writeReports } from './write-reports';

/** Unique values for each kind of secret, with the characters escaping would change. */
const SECRETS = {
  password: 'canary-Pa55/w0rd&"<x>',
  token: 'gAAAAABcanaryTokenZ3x9Qm4t7LkPzW2',
  applicationCredentialSecret: 'canary-appcred+secret=Kq81/Vd',
};

const base64 = (text: string) => Buffer.from(text).toString('base64');

/** Every form a secret can leak in: plain, URL-encoded, base64, and as each format escapes it. */
function leakForms(secret: string): string[] {
  const xml = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [
    ...new Set([
      secret,
      encodeURIComponent(secret),
      base64(secret),
      Buffer.from(secret).toString('base64url'),
      JSON.stringify(secret).slice(1, -1),
      xml,
      xml.replace(/"/g, '&quot;'),
    ]),
  ];
}

/** What the HTTP layer's SecretRegistry.scrub does: each secret, in each form, replaced by `***`. */
function redact(text: string): string {
  let out = text;
  for (const secret of Object.values(SECRETS))
    for (const form of [secret, encodeURIComponent(secret), base64(secret)])
      out = out.split(form).join('***');
  return out;
}

/** Failures whose messages and stacks carry every secret in every form, as a careless client would. */
function leakyRun(): StatsJSON {
  const { password, token, applicationCredentialSecret: appSecret } = SECRETS;
  const failure = (name: string, message: string, at: number) => ({
    stack: `${name}: ${message}\n    at KeystoneSession.authenticate (keystone-session.ts:120:7)\n    at request (https://admin:${encodeURIComponent(password)}@keystone.example:5000/v3/auth/tokens?token=${token})`,
    count: 1,
    name,
    message,
    firstAt: at,
    lastAt: at,
  });
  return {
    version: 1,
    methods: [
      {
        client: 'IdentityClient',
        method: 'issueToken',
        pass: 10,
        fail: 3,
        retries: 1,
        droppedFailures: 0,
        failures: [
          failure(
            'Unauthorized',
            `password ${password} rejected (body ${base64(password)})`,
            1_764_000_000_000,
          ),
          failure(
            'Unauthorized',
            `X-Auth-Token: ${token}; Authorization: Basic ${base64(`id:${appSecret}`)} ${base64(token)}`,
            1_764_000_001_000,
          ),
          failure(
            'Forbidden',
            `application credential secret ${appSecret} (${encodeURIComponent(appSecret)}, ${base64(appSecret)})`,
            1_764_000_002_000,
          ),
        ],
        latency: latencyOf([12, 30, 41]),
      },
    ],
  };
}

function hits(text: string): string[] {
  return Object.entries(SECRETS).flatMap(([kind, secret]) =>
    leakForms(secret)
      .filter((form) => text.includes(form))
      .map((form) => `${kind} as ${form}`),
  );
}

describe('secrets canary', () => {
  test('the canary sees the secrets when nothing redacts them', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'canary-control-'));
    await writeReports(leakyRun(), { formats: REPORT_FORMATS, outDir, now: 0, pid: 1 });
    // stats.log carries counts only; every other format shows failure text.
    for (const file of readdirSync(outDir).filter((name) => name !== 'stats.log'))
      expect(hits(readFileSync(join(outDir, file), 'utf8')).length, file).toBeGreaterThan(0);
  });

  test('with the registry as `redact`, no written report holds any secret in any form', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'canary-'));
    const written = await writeReports(leakyRun(), {
      formats: REPORT_FORMATS,
      outDir,
      meta: { scenario: 'volume-churn', cloudName: `cloud-${SECRETS.token}` },
      now: 0,
      pid: 1,
      redact,
    });
    expect(written).toHaveLength(5);
    for (const file of readdirSync(outDir)) {
      const text = readFileSync(join(outDir, file), 'utf8');
      expect(hits(text), file).toEqual([]);
      if (file !== 'stats.log') expect(text, file).toContain('***');
    }
  });

  test('every formatter that carries run text takes the same `redact` and leaks nothing with it', () => {
    const run = leakyRun();
    const meta = {
      scenario: `scenario-${SECRETS.password}`,
      cloudName: `cloud-${SECRETS.token}`,
      title: SECRETS.applicationCredentialSecret,
    };
    const lines: string[] = [];
    logStats(run, { info: (line) => lines.push(line) }, { redact });
    const outputs = {
      formatTable: formatTable(run, { color: false, redact }),
      'formatTable colour': formatTable(run, { color: true, redact, topFailures: 10 }),
      formatLog: formatLog(run, { now: 0, pid: 1, redact }),
      formatStatsLines: formatStatsLines(run, { redact }).join('\n'),
      logStats: lines.join('\n'),
      formatJsonReport: formatJsonReport(run, meta, { redact }),
      toJUnit: toJUnit(run, meta, { redact }),
      toHtml: toHtml(run, meta, { redact }),
    };
    for (const [formatter, text] of Object.entries(outputs)) expect(hits(text), formatter).toEqual([]);
  });

  test('without `redact` the HTML shows the planted secrets (the canary can see them)', () => {
    const html = toHtml(leakyRun(), { cloudName: `cloud-${SECRETS.token}` });
    expect(hits(html).length).toBeGreaterThan(0);
  });
});
