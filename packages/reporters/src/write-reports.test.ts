import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { ReportWriteError } from './errors';
import { sampleStats } from './test-support/sample-stats';
import { mountTmpfs, TMPFS_UNAVAILABLE } from './test-support/tmpfs';
import { REPORT_FORMATS, writeReports } from './write-reports';

const mounts: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounts.splice(0)) unmount();
});

describe.skipIf(TMPFS_UNAVAILABLE !== undefined)(
  `writeReports on a real small file system (${TMPFS_UNAVAILABLE ?? 'as root'})`,
  () => {
    test.each([8, 16, 32, 64])(
      'on a %i KiB tmpfs every report is complete or absent, and each failure is named with ENOSPC',
      async (sizeKiB) => {
        const { path: dir, unmount } = mountTmpfs(sizeKiB);
        mounts.push(unmount);
        const stats = await sampleStats();
        const error = await writeReports(stats, {
          formats: REPORT_FORMATS,
          outDir: dir,
          now: 0,
          pid: 1,
        }).catch((e: unknown) => e);
        // The HTML report embeds uPlot (tens of KiB): it never fits.
        expect(error).toBeInstanceOf(ReportWriteError);
        const failure = error as ReportWriteError;
        expect(failure.failures.map((f) => f.path)).toContain(join(dir, 'report.html'));
        for (const f of failure.failures) {
          expect(f.errno).toBe('ENOSPC');
          expect(failure.message).toContain(`${f.path}: ENOSPC (no space left on device)`);
        }
        // No temp file is left; what is there was written whole.
        const names = readdirSync(dir);
        expect(names.filter((n) => n.startsWith('.'))).toEqual([]);
        expect(names.sort()).toEqual(failure.written.map((p) => p.slice(dir.length + 1)).sort());
        if (names.includes('report.json'))
          expect(() => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).not.toThrow();
      },
      20_000,
    );

    test('one file that does not fit does not stop the others', async () => {
      const { path: dir, unmount } = mountTmpfs(64);
      mounts.push(unmount);
      const error = await writeReports(await sampleStats(), {
        formats: ['json', 'html', 'table'],
        outDir: dir,
      }).catch((e: unknown) => e);
      const failure = error as ReportWriteError;
      expect(failure.failures.map((f) => f.path)).toEqual([join(dir, 'report.html')]);
      expect(failure.written).toEqual([join(dir, 'report.json'), join(dir, 'summary.txt')]);
      expect(readdirSync(dir).sort()).toEqual(['report.json', 'summary.txt']);
    }, 20_000);

    test('an --out on a read-only file system says EROFS, not ENOENT', async () => {
      const { path: dir, unmount } = mountTmpfs(16, { readOnly: true });
      mounts.push(unmount);
      const error = await writeReports(await sampleStats(), {
        formats: ['json'],
        outDir: join(dir, 'runs', 'x'),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReportWriteError);
      expect((error as ReportWriteError).failures[0]!.errno).toBe('EROFS');
      expect((error as Error).message).toContain('EROFS (read-only file system)');
    });

    test('a report that cannot replace its file leaves the previous one as it was', async () => {
      const { path: dir, unmount } = mountTmpfs(64);
      mounts.push(unmount);
      writeFileSync(join(dir, 'report.html'), 'previous');
      await writeReports(await sampleStats(), { formats: ['html'], outDir: dir }).catch(() => undefined);
      expect(readFileSync(join(dir, 'report.html'), 'utf8')).toBe('previous');
      expect(readdirSync(dir)).toEqual(['report.html']);
    }, 20_000);
  },
);
