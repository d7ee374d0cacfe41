import { createHash, generateKeyPairSync } from 'node:crypto';

/**
 * A key pair as Nova 26 generates one (nova/crypto.py): RSA 2048, the private key in PEM PKCS#1
 * (`-----BEGIN RSA PRIVATE KEY-----`, paramiko's `write_private_key`), the public key as
 * `ssh-rsa <base64> Generated-by-Nova`.
 */
export function generateNovaKeyPair(): { privateKey: string; publicKey: string } {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKey = keys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const jwk = keys.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const blob = Buffer.concat([
    sshString(Buffer.from('ssh-rsa')),
    sshString(mpint(Buffer.from(jwk.e, 'base64url'))),
    sshString(mpint(Buffer.from(jwk.n, 'base64url'))),
  ]);
  return { privateKey, publicKey: `ssh-rsa ${blob.toString('base64')} Generated-by-Nova` };
}

/**
 * Nova's fingerprint of an OpenSSH public key: MD5 of the decoded key blob, colon-separated hex; or
 * `undefined` when the text is no OpenSSH public key (Nova's "failed to generate fingerprint").
 */
export function sshFingerprint(publicKey: string): string | undefined {
  const [type, data] = publicKey.trim().split(/\s+/);
  if (type === undefined || data === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) return undefined;
  const blob = Buffer.from(data, 'base64');
  if (blob.length < 4) return undefined;
  const typeLength = blob.readUInt32BE(0);
  if (blob.subarray(4, 4 + typeLength).toString() !== type) return undefined;
  return createHash('md5').update(blob).digest('hex').match(/../g)!.join(':');
}

function sshString(data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

/** An SSH mpint: big-endian, with a leading zero byte when the high bit is set. */
function mpint(data: Buffer): Buffer {
  return (data[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), data]) : data;
}
