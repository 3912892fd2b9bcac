/**
 * The box's change log seen from the push worker: read batches of whole transactions, record
 * what the cloud acknowledged (delete those rows and remember the ack, in one SQLite
 * transaction), start a new epoch. Plain prepared statements on the box's connection: these run
 * between the commit queue's transactions, never inside one.
 */
import type Database from 'better-sqlite3';
import type { Watermark } from '../../sync/protocol.js';

export interface OutboxRow {
  seq: number;
  txId: string;
  entity: string;
  entityId: string;
  op: string;
  row: string;
  version: number;
  /** The change as it goes on the wire (schema version 2), built by SQLite (see Outbox). */
  json: string;
}

export interface SyncStateRow {
  epoch: number;
  ackSeq: number;
  ackTxId: string | null;
  cloudUrl: string | null;
  credential: string | null;
  lastSuccessAt: number | null;
  lastErrorAt: number | null;
  lastError: string | null;
}

export interface Batch {
  rows: OutboxRow[];
  bytes: number;
}

type Row = [number, string, string, string, string, string, number, string];

export class Outbox {
  private readonly read: Database.Statement<[number, number], Row>;
  private readonly readThrough: Database.Statement<[number, number], Row>;
  private readonly lastSeqOfTx: Database.Statement<[string], { seq: number }>;
  private readonly rowAt: Database.Statement<[number], { tx_id: string }>;
  private readonly deleteUpTo: Database.Statement<[number]>;

  constructor(private readonly client: Database.Database) {
    this.ensureState(Date.now());
    // Each change's wire JSON is spliced together by SQLite: the row image is already JSON and the
    // envelope is a few quoted fields. Measured on the sync bench's 122k changes, reading and
    // encoding took about 0.24 s of CPU this way against 0.35 s with the JSON assembled in JS.
    const json = `'{"seq":' || seq || ',"txId":' || json_quote(tx_id) || ',"entity":' || json_quote(entity) || ',"entityId":' || json_quote(entity_id)
      || ',"op":' || json_quote(op) || ',"version":' || row_version || ',"row":' || row || '}'`;
    const cols = `seq, tx_id, entity, entity_id, op, row, row_version, ${json}`;
    this.read = client.prepare<[number, number], Row>(`select ${cols} from change_log where seq > ? order by seq limit ?`).raw(true);
    this.readThrough = client.prepare<[number, number], Row>(`select ${cols} from change_log where seq > ? and seq <= ? order by seq`).raw(true);
    this.lastSeqOfTx = client.prepare('select max(seq) as seq from change_log where tx_id = ?');
    this.rowAt = client.prepare('select tx_id from change_log where seq = ?');
    this.deleteUpTo = client.prepare('delete from change_log where seq <= ?');
  }

  private ensureState(now: number): void {
    this.client.prepare('insert into sync_state (id, epoch, ack_seq, updated_at) values (1, 1, 0, ?) on conflict (id) do nothing').run(now);
  }

  state(): SyncStateRow {
    return this.client.prepare(`select epoch, ack_seq as ackSeq, ack_tx_id as ackTxId, cloud_url as cloudUrl, credential,
      last_success_at as lastSuccessAt, last_error_at as lastErrorAt, last_error as lastError from sync_state where id = 1`).get() as SyncStateRow;
  }

  /**
   * The next changes after `afterSeq`, as whole transactions: at most `maxRows` rows and about
   * `maxBytes` — except that one transaction bigger than the caps goes alone, whole.
   */
  nextBatch(afterSeq: number, maxRows: number, maxBytes: number): Batch {
    const fetched = this.read.all(afterSeq, maxRows + 1).map(toRow);
    let take = Math.min(fetched.length, maxRows);
    let bytes = 0;
    for (let i = 0; i < take; i++) {
      bytes += changeBytes(fetched[i]!);
      if (bytes > maxBytes && i > 0) { take = i; break; }
    }
    let rows = fetched;
    if (take < fetched.length) {
      // Do not split a transaction: stop before the one the caps cut.
      const cutTx = fetched[take]!.txId;
      let end = take;
      while (end > 0 && fetched[end - 1]!.txId === cutTx) end--;
      // The first transaction alone is over the caps: it goes whole, alone.
      rows = end > 0 ? fetched.slice(0, end) : this.readThrough.all(afterSeq, this.lastSeqOfTx.get(cutTx)!.seq).map(toRow);
    }
    return { rows, bytes: rows.reduce((n, r) => n + changeBytes(r), 0) };
  }

  /** The tx id of the change at `seq`, if the log still has it. */
  txAt(seq: number): string | undefined {
    return this.rowAt.get(seq)?.tx_id;
  }

  /** The cloud has everything up to `w.seq`: forget it here, in one transaction. */
  acknowledge(w: Watermark, now: number): void {
    this.client.transaction(() => {
      this.deleteUpTo.run(w.seq);
      this.client.prepare('update sync_state set ack_seq = ?, ack_tx_id = ?, last_success_at = ?, last_error = null, updated_at = ? where id = 1')
        .run(w.seq, w.txId, now, now);
    }).immediate();
  }

  /** Restored from a backup (or the cloud is behind us): resend all we have under a new epoch. */
  startNewEpoch(reason: string, now: number): number {
    this.client.prepare('update sync_state set epoch = epoch + 1, ack_seq = 0, ack_tx_id = null, last_error = ?, last_error_at = ?, updated_at = ? where id = 1')
      .run(reason, now, now);
    return this.state().epoch;
  }

  recordError(message: string, now: number): void {
    this.client.prepare('update sync_state set last_error = ?, last_error_at = ?, updated_at = ? where id = 1').run(message.slice(0, 500), now, now);
  }

  recordSuccess(now: number): void {
    this.client.prepare('update sync_state set last_success_at = ?, last_error = null, updated_at = ? where id = 1').run(now, now);
  }

  configure(cloudUrl: string | null, credential: string | null, now: number): void {
    this.client.prepare('update sync_state set cloud_url = ?, credential = ?, updated_at = ? where id = 1').run(cloudUrl, credential, now);
  }

  /** Queue depth and the time of the oldest unsent change. */
  queue(): { depth: number; oldestAt: number | null } {
    const r = this.client.prepare('select count(*) as depth, min(created_at) as oldestAt from change_log').get() as { depth: number; oldestAt: number | null };
    return r;
  }
}

/** About what a change adds to the request body: its row image plus the envelope fields. */
const changeBytes = (r: OutboxRow): number => r.row.length + 160;

function toRow(r: Row): OutboxRow {
  return { seq: r[0], txId: r[1], entity: r[2], entityId: r[3], op: r[4], row: r[5], version: r[6], json: r[7] };
}
