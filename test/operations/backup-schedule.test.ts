// Scheduled backups of the embedded database: due when the newest backup in the directory is as
// old as the interval (by the time its name records, from the injected clock), the newest N kept.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDue, backupsToPrune, backupTime, scheduledBackupRound } from '../../src/platform/backup/schedule.ts';
import { backupFileName } from '../../src/platform/backup/backup.ts';
import { openTestDb, testNow } from '../support/app.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the backup schedule', () => {
  it('reads the time a backup file name records, and nothing else', () => {
    expect(backupTime('cobre-backup-20261207-143005.sql.gz')?.toISOString()).toBe('2026-12-07T14:30:05.000Z');
    expect(backupTime('cobre-backup-20261207-143005.sql.gz.partial')).toBeNull();
    expect(backupTime('notes.txt')).toBeNull();
    expect(backupFileName(new Date('2031-07-01T12:00:00Z'))).toBe('cobre-backup-20310701-120000.sql.gz');
  });

  it('is due with no backup, or when the newest is as old as the interval', () => {
    const now = new Date('2031-07-02T12:00:00Z');
    expect(backupDue([], now, 24)).toBe(true);
    expect(backupDue(['notes.txt'], now, 24)).toBe(true);
    expect(backupDue(['cobre-backup-20310701-120001.sql.gz'], now, 24)).toBe(false);
    expect(backupDue(['cobre-backup-20310701-120000.sql.gz'], now, 24)).toBe(true);
    expect(backupDue(['cobre-backup-20300101-000000.sql.gz', 'cobre-backup-20310702-060000.sql.gz'], now, 24)).toBe(false);
  });

  it('prunes the oldest beyond the number kept, leaving other files alone', () => {
    const names = [
      'cobre-backup-20310703-000000.sql.gz',
      'x.txt',
      'cobre-backup-20310701-000000.sql.gz',
      'cobre-backup-20310702-000000.sql.gz',
    ];
    expect(backupsToPrune(names, 2)).toEqual(['cobre-backup-20310701-000000.sql.gz']);
    expect(backupsToPrune(names, 5)).toEqual([]);
  });

  it('writes a backup when due by the injected clock, not again until the interval passed, and keeps the last N', async () => {
    const db = await openTestDb();
    const dir = mkdtempSync(join(tmpdir(), 'cobre-schedule-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'LEIA-ME.txt'), 'backups');
    const schedule = { dir, everyHours: 24, keep: 2 };
    const day = (n: number) => new Date(testNow().getTime() + n * 86_400_000);
    try {
      expect(await scheduledBackupRound(db, schedule, day(0))).toBe(join(dir, backupFileName(day(0))));
      expect(await scheduledBackupRound(db, schedule, new Date(day(1).getTime() - 1000))).toBeNull();
      expect(await scheduledBackupRound(db, schedule, day(1))).not.toBeNull();
      expect(await scheduledBackupRound(db, schedule, day(2))).not.toBeNull();
      expect(readdirSync(dir).sort()).toEqual(['LEIA-ME.txt', backupFileName(day(1)), backupFileName(day(2))]);
    } finally {
      await db.close();
    }
  });
});
