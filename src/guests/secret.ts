import { randomBytes } from 'node:crypto';
import type { Db } from '../db/open.js';

const QR_SECRET = 'table_qr';

/**
 * The key that signs table QR tokens, made at the box's first start (32 random bytes) and kept in
 * the database for the box's life: a restore from backup keeps every printed code working.
 * `insert … on conflict do nothing` makes two starts racing on one file agree on one key.
 */
export function ensureQrSecret(db: Db, now: number): Buffer {
  db.$client.prepare('insert into box_secrets (name, value, created_at) values (?, ?, ?) on conflict (name) do nothing')
    .run(QR_SECRET, randomBytes(32).toString('hex'), now);
  return loadQrSecret(db)!;
}

export function loadQrSecret(db: Db): Buffer | null {
  const row = db.$client.prepare('select value from box_secrets where name = ?').get(QR_SECRET) as { value: string } | undefined;
  return row ? Buffer.from(row.value, 'hex') : null;
}
