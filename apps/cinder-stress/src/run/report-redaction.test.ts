import { describe, expect, test } from 'vitest';
import { credentialRedaction } from './report-redaction';

const env = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
  OS_AUTH_URL: 'http://127.0.0.1:5000/v3',
  OS_USERNAME: 'stress',
  OS_PROJECT_NAME: 'stress',
  OS_USER_DOMAIN_NAME: 'Default',
  OS_PROJECT_DOMAIN_NAME: 'Default',
  ...extra,
});

describe('credentialRedaction', () => {
  test('removes the OS_PASSWORD in raw, URL-encoded and base64 forms', async () => {
    const password = 'canary p@ss/word';
    const redact = await credentialRedaction(undefined, env({ OS_PASSWORD: password }));
    const text = [password, encodeURIComponent(password), Buffer.from(password).toString('base64')].join(
      ' | ',
    );
    const out = redact(`auth failed: ${text}`);
    expect(out).not.toContain(password);
    expect(out).not.toContain(encodeURIComponent(password));
    expect(out).not.toContain(Buffer.from(password).toString('base64'));
    expect(out).toMatch(/^auth failed: /);
  });

  test('removes an application-credential secret', async () => {
    const secret = 'app-cred-secret-canary';
    const redact = await credentialRedaction(
      undefined,
      env({
        OS_AUTH_TYPE: 'v3applicationcredential',
        OS_APPLICATION_CREDENTIAL_ID: 'id1',
        OS_APPLICATION_CREDENTIAL_SECRET: secret,
      }),
    );
    expect(redact(`secret=${secret}`)).not.toContain(secret);
  });

  test('with no cloud configured (the embedded fake) text passes through unchanged', async () => {
    const redact = await credentialRedaction(undefined, {});
    expect(redact('nothing secret here')).toBe('nothing secret here');
  });
});
