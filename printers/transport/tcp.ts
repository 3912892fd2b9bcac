import net from 'node:net';
import { decodeStatus, STATUS_QUERY, STATUS_REPLY_BYTES, statusProblem, type PrinterStatus } from './status.js';
import { PrintError, type PrinterTransport, type SendResult, type TransportTimeouts } from './types.js';

/** A connection to a raw TCP printer (port 9100) with every wait bounded. */
class Connection {
  private buffered = Buffer.alloc(0);
  private waiter: (() => void) | null = null;
  private closed: Error | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => { this.buffered = Buffer.concat([this.buffered, chunk]); this.waiter?.(); });
    socket.on('error', (error) => { this.closed ??= error; this.waiter?.(); });
    socket.on('close', () => { this.closed ??= new Error('The printer closed the connection.'); this.waiter?.(); });
  }

  static open(host: string, port: number, timeoutMs: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => { socket.destroy(); reject(new PrintError('unreachable', `No connection to ${host}:${port} within ${timeoutMs} ms.`, false)); }, timeoutMs);
      socket.once('connect', () => { clearTimeout(timer); socket.removeAllListeners('error'); resolve(new Connection(socket)); });
      socket.once('error', (error) => { clearTimeout(timer); socket.destroy(); reject(new PrintError('unreachable', `Cannot reach ${host}:${port}: ${error.message}`, false)); });
    });
  }

  /** Reads exactly `count` bytes, or fails after `timeoutMs`. */
  async read(count: number, timeoutMs: number, bytesStarted: boolean): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffered.length < count) {
      if (this.closed) throw new PrintError('write_failed', `Connection lost: ${this.closed.message}`, bytesStarted);
      const left = deadline - Date.now();
      if (left <= 0) throw new PrintError('timeout', `The printer did not answer within ${timeoutMs} ms.`, bytesStarted);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => { clearTimeout(timer); resolve(); };
      });
      this.waiter = null;
    }
    const out = this.buffered.subarray(0, count);
    this.buffered = this.buffered.subarray(count);
    return out;
  }

  /** Writes and waits until the kernel took every byte (or fails after `timeoutMs`). */
  write(bytes: Uint8Array, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closed) { reject(new PrintError('write_failed', `Connection lost: ${this.closed.message}`, false)); return; }
      const timer = setTimeout(() => reject(new PrintError('timeout', `The printer took no data for ${timeoutMs} ms.`, true)), timeoutMs);
      this.socket.write(bytes, (error) => {
        clearTimeout(timer);
        if (error) reject(new PrintError('write_failed', `Write failed: ${error.message}`, true));
        else resolve();
      });
    });
  }

  async status(timeoutMs: number, bytesStarted: boolean): Promise<PrinterStatus> {
    await this.write(STATUS_QUERY, timeoutMs).catch((error: PrintError) => { throw new PrintError(error.failure, error.message, bytesStarted); });
    return decodeStatus(await this.read(STATUS_REPLY_BYTES, timeoutMs, bytesStarted));
  }

  /** Half-closes after the printer has everything, then waits briefly for its close. */
  end(): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) { resolve(); return; }
      const timer = setTimeout(() => { this.socket.destroy(); resolve(); }, 1000);
      this.socket.once('close', () => { clearTimeout(timer); resolve(); });
      this.socket.end();
    });
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/**
 * Raw TCP (port 9100): connect with a timeout, DLE EOT status (refuse to print on paper out, cover
 * open, offline), write the job, DLE EOT again — the printer answers only after it has processed
 * the bytes before it, so a reply proves the job arrived — then close cleanly.
 */
export class TcpTransport implements PrinterTransport {
  constructor(private readonly host: string, private readonly port: number, private readonly timeouts: TransportTimeouts) {}

  async send(bytes: Uint8Array, beforeWrite?: () => Promise<void>): Promise<SendResult> {
    const connection = await Connection.open(this.host, this.port, this.timeouts.connectMs);
    try {
      const before = await connection.status(this.timeouts.replyMs, false);
      const problem = statusProblem(before);
      if (problem) throw new PrintError(problem, `The printer reports ${problem.replace('_', ' ')}.`, false, before);
      await beforeWrite?.();
      await connection.write(bytes, this.timeouts.replyMs);
      const after = await connection.status(this.timeouts.replyMs, true);
      const afterProblem = statusProblem(after);
      // Paper ran out during the job: part of it may be missing.
      if (afterProblem) throw new PrintError(afterProblem, `The printer reports ${afterProblem.replace('_', ' ')} after the job.`, true, after);
      await connection.end();
      return { status: after };
    } catch (error) {
      connection.destroy();
      throw error;
    }
  }

  async status(): Promise<PrinterStatus> {
    const connection = await Connection.open(this.host, this.port, this.timeouts.connectMs);
    try {
      return await connection.status(this.timeouts.replyMs, false);
    } finally {
      connection.destroy();
    }
  }
}

/** "host:port" or "host" (port 9100). */
export function parseTcpAddress(address: string): { host: string; port: number } | null {
  const match = /^([A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(address);
  if (!match) return null;
  const port = match[2] ? Number(match[2]) : 9100;
  if (port < 1 || port > 65535) return null;
  return { host: match[1]!, port };
}
