// Scheduled backups of the embedded database (`COBRE_BACKUP_EVERY_HOURS`): the running server
// writes one into COBRE_BACKUP_DIR when the newest there is that old, and keeps the last
// COBRE_BACKUP_KEEP. Time comes from the injected clock; the file names carry it.
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../db/types.ts';
import { backupFileName, backupToFile } from './backup.ts';

const SCHEDULED = /^cobre-backup-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})\.sql\.gz$/;

export interface BackupSchedule {
  dir: string;
  everyHours: number;
  keep: number;
}

/** The time a backup file name records, or null for a file that is not a backup. */
export function backupTime(name: string): Date | null {
  const m = SCHEDULED.exec(name);
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : null;
}

/** Whether a backup is due at `now`, given the backup files in the directory. */
export function backupDue(names: string[], now: Date, everyHours: number): boolean {
  const times = names.map(backupTime).filter((t): t is Date => t !== null);
  if (!times.length) return true;
  const newest = Math.max(...times.map((t) => t.getTime()));
  return now.getTime() - newest >= everyHours * 3_600_000;
}

/** The backup files to delete so that only the newest `keep` remain (other files are left alone). */
export function backupsToPrune(names: string[], keep: number): string[] {
  const backups = names.filter((n) => backupTime(n)).sort();
  return backups.slice(0, Math.max(0, backups.length - keep));
}

/** One round of the schedule: back up when due, then prune. Returns the file written, if any. */
export async function scheduledBackupRound(db: Db, schedule: BackupSchedule, now: Date): Promise<string | null> {
  await mkdir(schedule.dir, { recursive: true });
  if (!backupDue(await readdir(schedule.dir), now, schedule.everyHours)) return null;
  const { file } = await backupToFile(db, join(schedule.dir, backupFileName(now)), { kind: 'full', now });
  for (const old of backupsToPrune(await readdir(schedule.dir), schedule.keep)) await rm(join(schedule.dir, old), { force: true });
  return file;
}
