import { readOffboxKey, readOffboxState } from './files.js';

/** The off-box copy as `GET /sync/status`, `backup list` and the doctor show it. */
export interface OffboxStatus {
  /** A recovery code was made on this box (`backup recovery-code`): uploads can run. */
  keyed: boolean;
  /** The newest copy the cloud confirmed complete. */
  last: { backupName: string; takenAt: number; completedAt: number; bytes: number } | null;
  /** Age of that copy's backup, in seconds (null when none). */
  ageSeconds: number | null;
  /** An upload under way (or interrupted, to be resumed): its backup and how far it got. */
  uploading: { backupName: string; chunksDone: number; chunkCount: number } | null;
  lastError: string | null;
  lastErrorAt: number | null;
}

export function offboxStatus(dataDir: string, now: number): OffboxStatus {
  const state = readOffboxState(dataDir);
  let keyed = false;
  try { keyed = readOffboxKey(dataDir) !== null; } catch { /* an unreadable key file counts as none */ }
  const last = state.last ? { backupName: state.last.backupName, takenAt: state.last.takenAt, completedAt: state.last.completedAt, bytes: state.last.bytes } : null;
  return {
    keyed,
    last,
    ageSeconds: last ? Math.max(0, Math.round((now - last.takenAt) / 1000)) : null,
    uploading: state.upload ? { backupName: state.upload.backupName, chunksDone: state.upload.chunksDone, chunkCount: state.upload.chunkCount } : null,
    lastError: state.lastError,
    lastErrorAt: state.lastErrorAt,
  };
}
