import { AppError } from '../errors.js';
import { DatabaseNewerThanCodeError } from '../db/migration-guard.js';

/** Where a command writes, and the environment it reads (injected so the CLI never reaches for globals). */
export interface Io {
  env: NodeJS.ProcessEnv;
  out(line: string): void;
  err(line: string): void;
  /** Progress output: when `tty` is true, `write` redraws one line with \r; otherwise commands print plain lines. */
  tty?: boolean;
  write?(chunk: string): void;
}

/** Exit codes: 0 done, 1 refused by the box (state conflict, not set up), 2 bad input or usage. */
export const EXIT = { ok: 0, refused: 1, badInput: 2 } as const;

/** A mistake in how the command was typed (unknown option, missing sub-command). */
export class UsageError extends Error {
  constructor(message: string, readonly usage?: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Prints an error as `error CODE: message` plus one line per detail; returns the exit code to use. */
export function reportError(io: Io, err: unknown): number {
  if (err instanceof UsageError) {
    io.err(`error USAGE: ${err.message}`);
    if (err.usage) io.err(`\n${err.usage}`);
    return EXIT.badInput;
  }
  if (err instanceof AppError) {
    io.err(`error ${err.code}: ${err.message}`);
    if (Array.isArray(err.details)) {
      for (const d of err.details as Array<{ path?: string; message?: string }>) io.err(`  ${d.path}: ${d.message}`);
    }
    return err.status === 400 ? EXIT.badInput : EXIT.refused;
  }
  if (err instanceof DatabaseNewerThanCodeError) {
    io.err(`error DATABASE_NEWER: ${err.message}`);
    return EXIT.refused;
  }
  const code = (err as { code?: unknown }).code;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    io.err('error DISK_FULL: The box\'s disk is full; nothing was written. Free space (old backups, logs) and run the command again.');
    return EXIT.refused;
  }
  if (code === 'SQLITE_BUSY') {
    io.err('error BUSY: The database is busy with another writer; run the command again in a moment.');
    return EXIT.refused;
  }
  io.err(`error INTERNAL: ${(err as Error)?.stack ?? String(err)}`);
  return EXIT.refused;
}
