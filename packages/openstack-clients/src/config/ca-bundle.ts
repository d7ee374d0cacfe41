import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors';
import { settingName } from './setting-name';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * The PEM text of a cloud's CA bundle (`cacert` in clouds.yaml, `OS_CACERT`), checked before any
 * connection: a file that cannot be read, holds no PEM certificate (a DER file, a key, a typo'd
 * path to some other file) or holds one that does not parse is a ConfigError naming the setting
 * and the file, with what to do about it.
 */
export function readCaBundle(path: string, source?: string): string {
  const setting = settingName('cacert', source);
  const field = source === 'environment' ? 'OS_CACERT' : 'cacert';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(
      `Cannot read the CA bundle ${path} given by ${setting}: ${reason}; fix the path or make the file readable.`,
      { field, source: path },
      { cause: error },
    );
  }
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) {
    throw new ConfigError(
      `The CA bundle ${path} given by ${setting} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" block); give the CA certificate in PEM form (a DER file converts with: openssl x509 -inform der -in <file> -out ca.pem).`,
      { field, source: path },
    );
  }
  blocks.forEach((block, index) => {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw new ConfigError(
        `Certificate ${index + 1} of ${blocks.length} in the CA bundle ${path} given by ${setting} does not parse (${(error as Error).message}); replace it with the CA certificate in PEM form.`,
        { field, source: path },
        { cause: error },
      );
    }
  });
  return text;
}
