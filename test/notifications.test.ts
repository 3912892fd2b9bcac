import net from 'node:net';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../src/lib/clock.js';
import { NotificationWorker, PermanentMailError, RETRY_WAITS_MS, mailSettingsFromEnv, queueNotification, smtpTransport, logTransport,
  wakeNotificationWorker } from '../cloud/notify/index.js';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { until } from './helpers/wait.js';

const silent = pino({ level: 'silent' });

interface Received { from: string; to: string[]; raw: string }

/** A real SMTP server on 127.0.0.1 that keeps what it receives; `refuse` answers RCPT with a code. */
async function startSmtp(): Promise<{ url: string; received: Received[]; refuse: { code: number; message: string } | null; close(): Promise<void> }> {
  const state = { received: [] as Received[], refuse: null as { code: number; message: string } | null };
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onRcptTo(address, _session, callback) {
      if (!state.refuse) return callback();
      const error = new Error(state.refuse.message) as Error & { responseCode: number };
      error.responseCode = state.refuse.code;
      return callback(error);
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => { raw += chunk.toString('utf8'); });
      stream.on('end', () => {
        state.received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = ((server as unknown as { server: net.Server }).server.address() as net.AddressInfo).port;
  return Object.assign(state, {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

let cloud: TestCloud;
beforeAll(async () => { cloud = await startTestCloud(); });
afterAll(async () => { await cloud?.close(); });

const rows = async (recipient: string) => (await cloud.db.query<{ id: string; status: string; transport: string | null; attempts: number; last_error: string | null; dedupe_key: string | null }>(
  'SELECT id, status, transport, attempts, last_error, dedupe_key FROM notifications WHERE recipient = $1 ORDER BY created_at', [recipient])).rows;

describe('notifications: queued with what they report, sent by the worker', () => {
  it('a message queued in a transaction that rolls back is never sent', async () => {
    await expect(cloud.db.transaction(async (q) => {
      await queueNotification(q, { kind: 'booking.confirmed', to: 'rolled@example.com', subject: 'Your table', text: 'See you' });
      throw new Error('the booking failed');
    })).rejects.toThrow('the booking failed');
    const worker = new NotificationWorker(cloud.db, logTransport(silent), silent);
    await worker.drain();
    expect(await rows('rolled@example.com')).toEqual([]);
  });

  it('the same dedupe key queued twice is one message, sent once by the log transport (the default)', async () => {
    const first = await cloud.db.transaction((q) => queueNotification(q, { kind: 'booking.reminder', to: 'twice@example.com', subject: 'Tonight', text: '19:30, 4 people', dedupeKey: 'reminder:b1' }));
    const second = await cloud.db.transaction((q) => queueNotification(q, { kind: 'booking.reminder', to: 'twice@example.com', subject: 'Tonight', text: '19:30, 4 people', dedupeKey: 'reminder:b1' }));
    expect(second).toBe(first);
    const worker = new NotificationWorker(cloud.db, logTransport(silent), silent);
    expect(await worker.drain()).toBeGreaterThanOrEqual(1);
    expect(await worker.drain()).toBe(0);
    expect(await rows('twice@example.com')).toEqual([expect.objectContaining({ id: first, status: 'sent', transport: 'log', attempts: 1 })]);
  });

  it('refuses an address no message can reach, before anything is written', async () => {
    await expect(cloud.db.transaction((q) => queueNotification(q, { kind: 'account.verify', to: 'not an address', subject: 's', text: 't' })))
      .rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await rows('not an address')).toEqual([]);
  });

  it('sends through a real SMTP server with its Message-ID; a 4xx is retried later, a 5xx fails for good', async () => {
    const smtp = await startSmtp();
    const clock = manualClock(Date.now() + 5_000); // ahead of the database's now(), which stamps a queued message due
    const worker = new NotificationWorker(cloud.db, smtpTransport(smtp.url, 'Brigade <no-reply@example.com>'), silent, { clock });
    try {
      const id = await cloud.db.transaction((q) => queueNotification(q, { kind: 'account.verify', to: 'guest@example.com', subject: 'Verify your email', text: 'Open https://cloud/verify?t=abc' }));
      expect(await worker.drain()).toBe(1);
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]!.to).toEqual(['guest@example.com']);
      expect(smtp.received[0]!.raw).toContain('Subject: Verify your email');
      expect(smtp.received[0]!.raw).toContain(`Message-ID: <${id}@brigade.notifications>`);
      expect(smtp.received[0]!.raw).toContain('https://cloud/verify?t=abc');

      smtp.refuse = { code: 451, message: 'try again later' };
      await cloud.db.transaction((q) => queueNotification(q, { kind: 'booking.confirmed', to: 'later@example.com', subject: 'Booked', text: 'ok' }));
      expect(await worker.drain()).toBe(0);
      expect(await rows('later@example.com')).toEqual([expect.objectContaining({ status: 'queued', attempts: 1, transport: 'smtp' })]);
      smtp.refuse = null;
      expect(await worker.drain()).toBe(0); // not due yet
      clock.advance(RETRY_WAITS_MS[0]! + 1);
      expect(await worker.drain()).toBe(1);
      expect(await rows('later@example.com')).toEqual([expect.objectContaining({ status: 'sent', attempts: 2 })]);

      smtp.refuse = { code: 550, message: 'no such mailbox' };
      await cloud.db.transaction((q) => queueNotification(q, { kind: 'booking.confirmed', to: 'nobody@example.com', subject: 'Booked', text: 'ok' }));
      expect(await worker.drain()).toBe(0);
      const [failed] = await rows('nobody@example.com');
      expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
      expect(failed!.last_error).toContain('no such mailbox');
      expect(smtp.received).toHaveLength(2);
    } finally {
      await smtp.close();
    }
  });

  it('the cloud service sends a queued message as soon as it is woken', async () => {
    const server = await cloud.startServer();
    try {
      await cloud.db.transaction((q) => queueNotification(q, { kind: 'booking.confirmed', to: 'woken@example.com', subject: 'Booked', text: 'ok' }));
      wakeNotificationWorker(cloud.db);
      await until('the woken message to be sent', async () => (await rows('woken@example.com'))[0]?.status === 'sent', 5_000);
    } finally {
      await server.stop();
      cloud.server = null;
    }
  });

  it('reads its transport from the environment, with a message that says what to set', () => {
    expect(mailSettingsFromEnv({})).toMatchObject({ transport: 'log' });
    expect(mailSettingsFromEnv({ CLOUD_MAIL_TRANSPORT: 'smtp', CLOUD_SMTP_URL: 'smtp://h:25', CLOUD_MAIL_FROM: 'X <x@y.z>' })).toEqual({ transport: 'smtp', smtpUrl: 'smtp://h:25', from: 'X <x@y.z>' });
    expect(() => mailSettingsFromEnv({ CLOUD_MAIL_TRANSPORT: 'smtp' })).toThrow(/CLOUD_SMTP_URL/);
    expect(() => mailSettingsFromEnv({ CLOUD_MAIL_TRANSPORT: 'pigeon' })).toThrow(/"log" or "smtp"/);
    expect(new PermanentMailError('x')).toBeInstanceOf(Error);
  });
});
