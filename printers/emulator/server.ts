import net from 'node:net';
import { EscPosParser, type PrintItem } from './parser.js';
import { encodeStatusByte, STATUS_OK, type PrinterStatus } from '../transport/status.js';

/**
 * How the emulated printer behaves: `normal`; `refuse` (nothing listens: connection refused);
 * `hang` (accepts, then never reads or answers); `close-mid-job` (drops the connection after a
 * few bytes of a job).
 */
export type EmulatorMode = 'normal' | 'refuse' | 'hang' | 'close-mid-job';

/** One connection's worth of print data, parsed. */
export interface ReceivedJob {
  items: PrintItem[];
  bytes: Buffer;
  /** False when the connection ended before the job's cut (dropped mid-job). */
  complete: boolean;
  /** When the connection's first bytes arrived, and when it closed (epoch ms). */
  firstByteAt: number;
  receivedAt: number;
}

export interface EmulatorOptions {
  port?: number;
  host?: string;
  status?: Partial<PrinterStatus>;
  mode?: EmulatorMode;
  /** For `close-mid-job`: bytes of a job accepted before the connection is dropped. */
  closeAfterBytes?: number;
}

/** Plain text of a job's lines (for tests and the terminal). */
export function jobText(job: ReceivedJob): string[] {
  return job.items.filter((i) => i.kind === 'line').map((i) => (i as { text: string }).text.trim());
}

/**
 * A TCP ESC/POS printer for tests, the demo and the bench: answers DLE EOT with a configurable
 * status, records each connection's job parsed into lines, cuts and drawer kicks.
 */
export class PrinterEmulator {
  readonly jobs: ReceivedJob[] = [];
  status: PrinterStatus;
  private mode: EmulatorMode;
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private readonly listeners = new Set<(job: ReceivedJob) => void>();
  private boundPort = 0;

  private constructor(private readonly options: EmulatorOptions) {
    this.status = { ...STATUS_OK, ...options.status };
    this.mode = options.mode ?? 'normal';
  }

  static async start(options: EmulatorOptions = {}): Promise<PrinterEmulator> {
    const emulator = new PrinterEmulator(options);
    emulator.boundPort = options.port ?? 0;
    // Even a refusing printer gets its port first, so it can be configured and switched on later.
    await emulator.listen();
    if (emulator.mode === 'refuse') await emulator.stopListening();
    return emulator;
  }

  get port(): number { return this.boundPort; }
  get host(): string { return this.options.host ?? '127.0.0.1'; }
  get address(): string { return `${this.host}:${this.port}`; }

  /** Changes behaviour; `refuse` stops listening, anything else listens again on the same port. */
  async setMode(mode: EmulatorMode): Promise<void> {
    this.mode = mode;
    if (mode === 'refuse') await this.stopListening();
    else if (!this.server) await this.listen();
  }

  setStatus(status: Partial<PrinterStatus>): void {
    this.status = { ...STATUS_OK, ...status };
  }

  onJob(listener: (job: ReceivedJob) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once `count` jobs have arrived in all (rejects after `timeoutMs`). */
  waitForJobs(count: number, timeoutMs = 10_000): Promise<ReceivedJob[]> {
    if (this.jobs.length >= count) return Promise.resolve(this.jobs.slice(0, count));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { off(); reject(new Error(`Printer ${this.address} got ${this.jobs.length} of ${count} jobs in ${timeoutMs} ms`)); }, timeoutMs);
      const off = this.onJob(() => {
        if (this.jobs.length < count) return;
        clearTimeout(timer);
        off();
        resolve(this.jobs.slice(0, count));
      });
    });
  }

  async close(): Promise<void> {
    await this.stopListening();
  }

  private listen(): Promise<void> {
    const server = net.createServer((socket) => this.accept(socket));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort, this.host, () => {
        const address = server.address();
        if (address && typeof address === 'object') this.boundPort = address.port;
        resolve();
      });
    });
  }

  private async stopListening(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
    if (this.mode === 'hang') { socket.pause(); return; }
    const dropAfter = this.mode === 'close-mid-job' ? (this.options.closeAfterBytes ?? 24) : Infinity;
    const parser = new EscPosParser((n) => socket.write(Uint8Array.of(encodeStatusByte(n, this.status))));
    const chunks: Buffer[] = [];
    let jobBytes = 0;
    let firstByteAt: number | undefined;
    socket.on('data', (chunk: Buffer) => {
      firstByteAt ??= Date.now();
      // Dropping mid-job: take only the bytes up to the limit, as a printer that lost power would.
      const taken = jobBytes + chunk.length > dropAfter ? chunk.subarray(0, Math.max(0, dropAfter - jobBytes)) : chunk;
      parser.feed(taken);
      chunks.push(taken);
      jobBytes += chunk.length;
      if (jobBytes > dropAfter) socket.destroy();
    });
    socket.on('close', () => {
      parser.finish();
      // A connection that only asked for status (a probe) is not a job.
      if (parser.items.length === 0) return;
      const job: ReceivedJob = { items: parser.items, bytes: Buffer.concat(chunks), complete: parser.items.some((i) => i.kind === 'cut' || i.kind === 'pulse'),
        firstByteAt: firstByteAt ?? Date.now(), receivedAt: Date.now() };
      this.jobs.push(job);
      for (const listener of this.listeners) listener(job);
    });
  }
}
