/** Shapes shared by the benchmark's scenarios, report and JSON file. */
import type { BenchBox } from './box.js';

/** An HTTP load scenario's figures. Latencies in milliseconds. */
export interface HttpResult {
  kind: 'http';
  name: string;
  method: string;
  path: string;
  connections: number;
  durationSeconds: number;
  /** The status every response should have (201 for a new order, 304 for a matching ETag…). */
  expectedStatus: number;
  /** Responses with the expected status. */
  ok: number;
  /** Expected responses per second over the measured duration. */
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; average: number; max: number };
  /** Connection errors + timeouts + responses with another status than expected. */
  errors: number;
  /** Responses outside 2xx as autocannon counts them (a 304 counts here, by design of the scenario). */
  non2xx: number;
  timeouts: number;
  statusCounts: Record<string, number>;
  /**
   * The box's own CPU (user + system) during the run: per expected response, and as a share of one core
   * (≈ 1 means the box's single event loop is saturated by its CPU work; well below 1 means it waits,
   * e.g. on fsync). Null where /proc is not available.
   */
  boxCpu: { msPerRequest: number; coreShare: number } | null;
  /** Anything needed to read the figures (e.g. the size of the menu served). */
  note?: string;
}

/** The storage limit: single-row transactions per second with synchronous=FULL on the box's disk. */
export interface StorageResult {
  kind: 'storage';
  name: string;
  durationSeconds: number;
  transactions: number;
  transactionsPerSecond: number;
  journalMode: string;
  synchronous: string;
  file: string;
}

/** The sync scenario (issue 6): catch-up after a day offline, beside a plain COPY, and steady-state lag. */
export interface SyncResult {
  kind: 'sync';
  name: string;
  database: 'postgres' | 'pglite';
  /** Changes pushed in the catch-up, and the rows they became per cloud table. */
  changes: number;
  rowsPerTable: Record<string, number>;
  /** Wall-clock seconds from the first request to an empty queue, and changes per second. */
  seconds: number;
  changesPerSecond: number;
  /** The same rows by one psql COPY (CSV) per table, in one transaction, into the same tables. */
  copySeconds: number;
  copyChangesPerSecond: number;
  /** changesPerSecond ÷ copyChangesPerSecond. */
  shareOfCopy: number;
  /**
   * CPU seconds used during the catch-up by this process (box and cloud service share it) and by
   * the cloud pool's PostgreSQL server processes (null when /proc cannot show them).
   */
  cpuSeconds: { node: number; postgres: number | null };
  batchMaxRows: number;
  intervalMs: number;
  /** Commit on the box → ack from the cloud, one order every 100 ms, pushed on the worker's own timer. */
  steadyLag: { seconds: number; transactions: number; ms: { p50: number; p99: number; max: number } };
  target: { minChangesPerSecond: number; minShareOfCopy: number; maxLagP99Ms: number; pass: boolean };
}

/** The reports scenario (issue 7): full dashboard requests over a year of 5 locations. */
export interface ReportsResult {
  kind: 'reports';
  name: string;
  database: 'postgres';
  orders: number;
  orderLines: number;
  perLocationDay: { orders: number; linesPerOrder: number };
  /** Seconds to generate the data (null when an existing bench database was reused). */
  generatedSeconds: number | null;
  /** Seconds to build every day's rollups of every location from scratch (null: reused from a previous run). */
  rollupBuildSeconds: number | null;
  /**
   * Per filter: every report of one dashboard load (the dirty last day computed live), in ms; and
   * the refresh the route runs after answering (rebuilds that day's rollups), in ms; and the same
   * request with nothing dirty (clean*), in ms.
   */
  requests: Array<{ filter: string; locations: number; days: number; requests: number; p50Ms: number; p95Ms: number; maxMs: number; refreshAfterP50Ms: number; refreshAfterP95Ms: number; cleanP50Ms: number; cleanP95Ms: number }>;
  target: { maxP95Ms: number; pass: boolean };
}

/** The channel scenario (issue 17): publish → applied on a box online, and the catch-up of a queued backlog. */
export interface ChannelResult {
  kind: 'channel';
  name: string;
  database: 'postgres' | 'pglite';
  /** Cloud commit → the box's commit of the applied message (ms), one publish every `everyMs`. */
  online: { messages: number; delivered: number; everyMs: number; ms: { p50: number; p99: number; max: number } };
  /** A backlog applied after the puller restarts: wall seconds, messages/s, CPU of this process (box + cloud). */
  catchUp: { messages: number; seconds: number; messagesPerSecond: number; cpuSeconds: number };
  target: { maxDeliveryP99Ms: number; pass: boolean };
}

/** The delivery scenario (issue 21): a platform's signed request → the order's ticket on the KDS. */
export interface DeliveryResult {
  kind: 'delivery';
  name: string;
  database: 'postgres' | 'pglite';
  orders: number;
  onKds: number;
  everyMs: number;
  /** Request sent → the box's `ticket.created` for it (ms): verify, store, channel, apply, fire. */
  ms: { p50: number; p99: number; max: number };
  /** The cloud's answer to the platform (ms). */
  answerMs: { p50: number; p99: number };
  target: { maxP99Ms: number; pass: boolean };
}

/** The customer-search scenario (issue 18): searches one after another over many customers on the box. */
export interface CustomerSearchResult {
  kind: 'customer-search';
  name: string;
  customers: number;
  /** Seconds to write the customers into the file (and the search index, by its triggers). */
  seedSeconds: number;
  searches: number;
  /** Searches that found at least one customer. */
  withHits: number;
  errors: number;
  /** Request → parsed answer over HTTP, one search at a time. */
  ms: { p50: number; p90: number; p99: number; max: number };
  target: { maxP99Ms: number; pass: boolean };
}

/** The waitlist scenario (issue 20): the quoted wait against the actual one over a generated month. */
export interface WaitlistResult {
  kind: 'waitlist';
  name: string;
  days: number;
  parties: number;
  /** Parties that joined the list and were seated from it. */
  waited: number;
  /** Parties quoted more than 75 minutes, who went elsewhere. */
  walkedAway: number;
  /** Quotes scored (after the first week, which builds the history). */
  scored: number;
  meanActualWait: number;
  /** Mean absolute error in minutes: the quote on joining, the 15-minute updates, the quote without history, the whole month. */
  maeMinutes: { quote: number; updates: number; withoutHistory: number; wholeMonth: number };
  p90AbsErrorMinutes: number;
  /** Mean of quote − actual: above 0, the host over-promises the wait. */
  biasMinutes: number;
  target: { maxMaeMinutes: number; pass: boolean };
}

/** The discovery scenario (issue 20): GET /public/restaurants over many published restaurants on PostgreSQL. */
export interface DiscoveryResult {
  kind: 'discovery';
  name: string;
  database: string;
  restaurants: number;
  /** Seconds to generate them (null when the database was reused). */
  seedSeconds: number | null;
  queries: number;
  errors: number;
  /** Queries whose first page was full (20 results), and the mean results per first page. */
  pagesFull: number;
  meanResults: number;
  /** Request → parsed answer over HTTP, one query at a time. */
  ms: { p50: number; p95: number; p99: number; max: number };
  /** CPU per query: this process (cloud server + client) and the database backends; load-independent, unlike `ms`. */
  cpuMsPerQuery: { node: number; postgres: number };
  /** The 1-minute load average when the queries ended (2 cores). */
  loadAverage: number;
  /** EXPLAIN (ANALYZE, BUFFERS) of a 20 km query in Paris as the public role. */
  plan: { usesGistIndex: boolean; seqScan: boolean; text: string[] };
  target: { maxP95Ms: number; pass: boolean };
}

/** The webhooks scenario (issue 21): events fanned out to many subscribers over real HTTP. */
export interface WebhooksResult {
  kind: 'webhooks';
  name: string;
  database: 'postgres' | 'pglite';
  subscribers: number;
  /** Event recorded in the ingest transaction → arrival at a subscriber (ms), one event every `everyMs`. */
  steady: { events: number; everyMs: number; deliveries: number; ms: { p50: number; p99: number; max: number } };
  /** Many events in one batch: from the ingest's answer to the last arrival; CPU of this process (cloud + subscribers). */
  burst: { events: number; deliveries: number; seconds: number; eventsPerSecond: number; deliveriesPerSecond: number; ms: { p50: number; p99: number }; cpuSeconds: number };
  target: { maxDeliveryP99Ms: number; pass: boolean };
  /** The machine's 1-minute load average at the start and at the end (other work on a shared machine moves every figure). */
  loadAverage: { start: number; end: number };
}


/** QR ordering on the LAN (issue 19): guest order → waiter's socket, and the staff's orders under a refused flood. */
export interface GuestOrdersResult {
  kind: 'guest-orders';
  name: string;
  orders: number;
  delivered: number;
  /** Guest orders the box did not take (should be 0). */
  refused: number;
  /** Phone's POST → the waiter's `guest.request` frame. */
  toTabletMs: { p50: number; p99: number; max: number };
  waiterOrders: {
    alone: { orders: number; ms: HttpResult['latencyMs'] };
    underFlood: { orders: number; ms: HttpResult['latencyMs']; guestRequestsSent: number; guestRequestsPerSecond: number; statuses: Record<string, number> };
  };
  target: { maxP99Ms: number; pass: boolean };
}

/** Issue 19, the cloud path: a guest's POST to the cloud → the waiter's `guest.request` frame on the box. */
export interface GuestCloudResult {
  kind: 'guest-cloud';
  name: string;
  database: string;
  orders: number;
  delivered: number;
  refused: number;
  toTabletMs: { p50: number; p99: number; max: number };
  /** The cloud's own answer to the phone (token, price, store, message). */
  cloudAnswerMs: { p50: number; p99: number };
  target: { maxP99Ms: number; pass: boolean };
}

export type ScenarioResult = HttpResult | StorageResult | SyncResult | ReportsResult | ChannelResult | CustomerSearchResult | WaitlistResult | DiscoveryResult | WebhooksResult | DeliveryResult | GuestOrdersResult | GuestCloudResult;

/** What every scenario gets: the seeded box and the durations chosen for this run. */
export interface BenchContext {
  box: BenchBox;
  /** Seconds per order-load scenario (15, or BENCH_DURATION). */
  loadSeconds: number;
  /** Seconds per read scenario (10, or BENCH_DURATION if shorter). */
  readSeconds: number;
  /** Seconds for the storage probe (3, or BENCH_DURATION if shorter). */
  storageSeconds: number;
}

/**
 * One module per scenario (orders, menu, storage…). Later issues add kitchen and printer scenarios by
 * writing a module that exports a Scenario and listing it in index.ts.
 */
export interface Scenario {
  name: string;
  run(ctx: BenchContext): Promise<ScenarioResult[]>;
}
