import path from 'node:path';
import { z } from 'zod';
import type { PrintSettings } from './printing/worker.js';
import type { Retention } from './backup/store.js';

/**
 * Settings from the environment, parsed once at start-up. A bad value stops the box with a
 * message naming the variable. The settings table in docs/operations.md mirrors this schema.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** HTTPS for tablets (issue 22), with a certificate from the box's own CA; `off` for plain HTTP only. */
  HTTPS_PORT: z.string().regex(/^(\d{1,5}|off)$/, 'a port (0–65535) or off').refine((v) => v === 'off' || Number(v) <= 65535, 'a port (0–65535) or off').default('8443'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Staff sessions last a shift; a tablet signs in again after this many hours. */
  SESSION_HOURS: z.coerce.number().int().min(1).max(72).default(16),
  /** Minutes a manager's pairing code stays valid. */
  PAIRING_CODE_MINUTES: z.coerce.number().int().min(1).max(60).default(10),
  /** Printing (architecture §8): how long to wait for a printer, how often to retry, when to fail over. */
  PRINT_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2000),
  PRINT_REPLY_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(3000),
  PRINT_RETRY_BASE_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  PRINT_RETRY_MAX_MS: z.coerce.number().int().min(10).max(600_000).default(30_000),
  PRINT_FAILOVER_AFTER: z.coerce.number().int().min(1).max(100).default(3),
  /** Advertise the box and browse for printers with mDNS. Off unless asked, so tests and CI stay off the LAN. */
  MDNS: z.enum(['on', 'off']).default('off'),
  // Cloud sync (issue 6): off until a cloud URL and device credential are set here or by `sync configure`.
  CLOUD_URL: z.url().optional(),
  CLOUD_CREDENTIAL: z.string().min(10).optional(),
  SYNC_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(1000),
  SYNC_MAX_ROWS: z.coerce.number().int().min(1).max(50_000).default(5000),
  SYNC_MAX_BYTES: z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(4 * 1024 * 1024),
  SYNC_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  SYNC_BACKOFF_MAX_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  SYNC_BEHIND_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** Nightly backup (issue 22): local time in the restaurant's time zone, HH:MM, or "off". */
  BACKUP_TIME: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|off)$/, 'HH:MM (24 h) or off').default('04:30'),
  BACKUP_KEEP_DAILY: z.coerce.number().int().min(1).max(366).default(7),
  BACKUP_KEEP_WEEKLY: z.coerce.number().int().min(0).max(520).default(4),
  BACKUP_KEEP_MONTHLY: z.coerce.number().int().min(0).max(240).default(12),
  /** The off-box copy (issue 22): how often the box looks for a backup to upload, and the chunk size. */
  OFFBOX_CHECK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  OFFBOX_CHUNK_KB: z.coerce.number().int().min(16).max(4096).default(1024),
  /** Take the Z automatically at the day-start hour when nobody did (issue 22), with a reminder 30 minutes before. */
  AUTO_Z: z.enum(['on', 'off']).default('off'),
  /** What the automatic Z does with orders still open: carry them into the new day, or wait (leave the day open, alert). */
  AUTO_Z_OPEN_ORDERS: z.enum(['carry', 'wait']).default('carry'),
  /** GET /metrics answers loopback and private (LAN) addresses; with this token, anyone who sends it as a bearer token. */
  METRICS_TOKEN: z.string().min(16).optional(),
  // Cloud → box channel (issue 17): on whenever sync is configured, with the same credential.
  CHANNEL_WAIT_SECONDS: z.coerce.number().int().min(0).max(55).default(25),
  CHANNEL_APPLY_BATCH: z.coerce.number().int().min(1).max(1000).default(200),
  /** Guest QR ordering (issue 19): requests a minute (and burst) per table code and per phone address, past which 429. */
  GUEST_RATE_PER_TOKEN: z.coerce.number().int().min(1).max(100_000).default(30),
  GUEST_RATE_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(30),
});

export interface Config {
  port: number;
  host: string;
  /** The HTTPS port, or null when HTTPS_PORT=off. */
  httpsPort: number | null;
  dataDir: string;
  dbFile: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  sessionHours: number;
  pairingCodeMinutes: number;
  print: PrintSettings;
  mdns: boolean;
  sync: SyncSettings;
  backup: BackupSettings;
  metricsToken: string | undefined;
  autoZ: boolean;
  autoZCarryOpenOrders: boolean;
  channel: { waitSeconds: number; applyBatch: number };
  /** Guest routes' rate limits (requests a minute, and the burst), per table code and per address. */
  guestRates: { perToken: number; perAddress: number };
}

/** Backups (issue 22): when the nightly copy runs, and how many copies rotation keeps. */
export interface BackupSettings {
  /** 'HH:MM' in the restaurant's time zone, or null when off. */
  time: string | null;
  retention: Retention;
  /** The off-box copy: seconds between looks for a backup to upload, and the chunk size in bytes. */
  offbox: { checkMs: number; chunkBytes: number };
}

/** Cloud sync settings (issue 6); see the settings table in docs/operations.md. */
export interface SyncSettings {
  cloudUrl: string | undefined;
  credential: string | undefined;
  intervalMs: number;
  maxRows: number;
  maxBytes: number;
  timeoutMs: number;
  backoffMaxMs: number;
  behindSeconds: number;
}

/** Parses settings; throws an Error whose message names every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}=${JSON.stringify(env[String(i.path[0])])}: ${i.message}`);
    throw new Error(`Invalid settings:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    httpsPort: e.HTTPS_PORT === 'off' ? null : Number(e.HTTPS_PORT),
    dataDir,
    dbFile: path.join(dataDir, 'brigade.db'),
    logLevel: e.LOG_LEVEL,
    sessionHours: e.SESSION_HOURS,
    pairingCodeMinutes: e.PAIRING_CODE_MINUTES,
    print: {
      connectTimeoutMs: e.PRINT_CONNECT_TIMEOUT_MS, replyTimeoutMs: e.PRINT_REPLY_TIMEOUT_MS, retryBaseMs: e.PRINT_RETRY_BASE_MS,
      retryMaxMs: Math.max(e.PRINT_RETRY_MAX_MS, e.PRINT_RETRY_BASE_MS), failoverAfter: e.PRINT_FAILOVER_AFTER,
    },
    mdns: e.MDNS === 'on',
    sync: {
      cloudUrl: e.CLOUD_URL, credential: e.CLOUD_CREDENTIAL, intervalMs: e.SYNC_INTERVAL_MS, maxRows: e.SYNC_MAX_ROWS,
      maxBytes: e.SYNC_MAX_BYTES, timeoutMs: e.SYNC_TIMEOUT_MS, backoffMaxMs: e.SYNC_BACKOFF_MAX_MS, behindSeconds: e.SYNC_BEHIND_SECONDS,
    },
    backup: {
      time: e.BACKUP_TIME === 'off' ? null : e.BACKUP_TIME,
      retention: { daily: e.BACKUP_KEEP_DAILY, weekly: e.BACKUP_KEEP_WEEKLY, monthly: e.BACKUP_KEEP_MONTHLY },
      offbox: { checkMs: e.OFFBOX_CHECK_SECONDS * 1000, chunkBytes: e.OFFBOX_CHUNK_KB * 1024 },
    },
    metricsToken: e.METRICS_TOKEN,
    autoZ: e.AUTO_Z === 'on',
    autoZCarryOpenOrders: e.AUTO_Z_OPEN_ORDERS === 'carry',
    channel: { waitSeconds: e.CHANNEL_WAIT_SECONDS, applyBatch: e.CHANNEL_APPLY_BATCH },
    guestRates: { perToken: e.GUEST_RATE_PER_TOKEN, perAddress: e.GUEST_RATE_PER_ADDRESS },
  };
}
