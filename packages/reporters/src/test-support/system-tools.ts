import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What to run when a system tool the tests need is missing. */
const INSTALL_HINT =
  'run `bash scripts/install-system-deps.sh` at the repository root as root (or apt-get install libxml2-utils chromium)';

/** Chromium as Debian installs it: the HTML browser test opens reports with it. */
export const CHROMIUM = '/usr/bin/chromium';

/** The strict JUnit schema (Jenkins xunit) the JUnit files are validated against. */
const JUNIT_XSD = join(__dirname, 'junit-strict.xsd');

/**
 * The path of Chromium, or an error naming the missing binary and how to install it: a test that
 * needs a browser fails instead of being skipped.
 */
export function requireChromium(): string {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: ${INSTALL_HINT}`);
  return CHROMIUM;
}

/**
 * `xmllint --schema` of `xml` against the strict JUnit XSD: its output ('' when valid). Throws with the
 * install hint when `xmllint` is missing, and with xmllint's own message when the file is invalid.
 */
export function xmllint(xml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'junit-')), 'junit.xml');
  writeFileSync(file, xml);
  try {
    return execFileSync('xmllint', ['--noout', '--schema', JUNIT_XSD, file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(`xmllint is missing: ${INSTALL_HINT}`, { cause: error });
    throw error;
  }
}
