/**
 * The box's channel rows: its cursor and status (channel_state) and the outcome of each message
 * (channel_inbox). Reads and the small status updates run between commands; the cursor and the
 * outcomes are written only inside a message's command (see apply.ts).
 */
import type Database from 'better-sqlite3';

export interface ChannelStateRow {
  cursor: number;
  head: number;
  lastPollAt: number | null;
  lastAppliedAt: number | null;
  lastMessageCreatedAt: number | null;
  lastErrorAt: number | null;
  lastError: string | null;
  resyncs: number;
  lastResyncAt: number | null;
}

export interface InboxRow {
  seq: number;
  messageId: string;
  kind: string;
  outcome: 'applied' | 'refused';
  code: string | null;
  message: string | null;
  at: number;
}

/** Acknowledged outcomes kept on the box for status and support; older ones are dropped. */
const KEEP_ACKED = 10_000;

export class InboxStore {
  constructor(private readonly client: Database.Database) {
    client.prepare('insert into channel_state (id, updated_at) values (1, ?) on conflict (id) do nothing').run(Date.now());
  }

  state(): ChannelStateRow {
    return this.client.prepare(`select cursor, head, last_poll_at as lastPollAt, last_applied_at as lastAppliedAt,
      last_message_created_at as lastMessageCreatedAt, last_error_at as lastErrorAt, last_error as lastError, resyncs,
      last_resync_at as lastResyncAt from channel_state where id = 1`).get() as ChannelStateRow;
  }

  /** Outcomes the cloud has not taken yet, oldest first. */
  unacked(limit: number): InboxRow[] {
    return this.client.prepare(`select seq, message_id as messageId, kind, outcome, code, message, at from channel_inbox
      where acked_at is null order by seq limit ?`).all(limit) as InboxRow[];
  }

  markAcked(seqs: readonly number[], now: number): void {
    const mark = this.client.prepare('update channel_inbox set acked_at = ? where seq = ?');
    this.client.transaction(() => {
      for (const seq of seqs) mark.run(now, seq);
      this.client.prepare(`delete from channel_inbox where acked_at is not null and seq < (
        select seq from channel_inbox order by seq desc limit 1 offset ?)`).run(KEEP_ACKED);
    }).immediate();
  }

  recordPoll(head: number, now: number): void {
    this.client.prepare('update channel_state set head = ?, last_poll_at = ?, last_error = null, updated_at = ? where id = 1').run(head, now, now);
  }

  recordError(message: string, now: number): void {
    this.client.prepare('update channel_state set last_error = ?, last_error_at = ?, updated_at = ? where id = 1').run(message.slice(0, 500), now, now);
  }

  counts(): { unacked: number; refused: number } {
    return this.client.prepare(`select count(*) filter (where acked_at is null) as unacked, count(*) filter (where outcome = 'refused') as refused
      from channel_inbox`).get() as { unacked: number; refused: number };
  }

  lastRefused(): InboxRow | null {
    return (this.client.prepare(`select seq, message_id as messageId, kind, outcome, code, message, at from channel_inbox
      where outcome = 'refused' order by seq desc limit 1`).get() as InboxRow | undefined) ?? null;
  }
}
