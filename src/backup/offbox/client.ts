/**
 * The box's HTTP calls for the off-box copy, authenticated like the push (device credential and
 * box identity). Every call has a timeout covering the answer's body; a failure is an OffboxError
 * with the cloud's code when it sent one.
 */
import { BOX_ID_HEADER } from '../../../sync/protocol.js';
import {
  OFFBOX_COPIES_PATH, OFFBOX_LATEST_PATH, copyAnswer, offboxChunkPath, offboxCompletePath, offboxCopyPath,
  type CopyAnswer, type OffboxManifest,
} from '../../../sync/offbox-protocol.js';

export interface OffboxTarget {
  cloudUrl: string;
  credential: string;
  /**
   * This box's identity. A replacement box with no database yet has none: it downloads without
   * one, which a fresh (unbound) credential allows without binding it; its first push binds it.
   */
  boxId?: string;
}

export class OffboxError extends Error {
  constructor(message: string, readonly status?: number, readonly code?: string) {
    super(message);
    this.name = 'OffboxError';
  }
}

export class OffboxClient {
  constructor(private readonly target: OffboxTarget, private readonly timeoutMs: number) {}

  /** Starts the copy, or finds it again (same id and manifest): the chunks the cloud still lacks. */
  async start(id: string, manifest: OffboxManifest): Promise<CopyAnswer> {
    return copyAnswer.parse(await this.json('POST', OFFBOX_COPIES_PATH, { id, manifest }));
  }

  async copy(id: string): Promise<CopyAnswer> {
    return copyAnswer.parse(await this.json('GET', offboxCopyPath(id)));
  }

  async putChunk(id: string, index: number, sealed: Buffer): Promise<void> {
    await this.call('PUT', offboxChunkPath(id, index), new Uint8Array(sealed), 'application/octet-stream');
  }

  async complete(id: string): Promise<CopyAnswer> {
    return copyAnswer.parse(await this.json('POST', offboxCompletePath(id), {}));
  }

  /** The newest complete copy of this location (404 OFFBOX_NONE when there is none). */
  async latest(): Promise<CopyAnswer> {
    return copyAnswer.parse(await this.json('GET', OFFBOX_LATEST_PATH));
  }

  async getChunk(id: string, index: number): Promise<Buffer> {
    return Buffer.from(await (await this.call('GET', offboxChunkPath(id, index))).arrayBuffer());
  }

  private async json(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await this.call(method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json');
    return res.json();
  }

  /** The response, read in full within the timeout; non-2xx → OffboxError with the cloud's code. */
  private async call(method: string, path: string, body?: string | Uint8Array<ArrayBuffer>, contentType?: string): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.target.credential}` };
    if (this.target.boxId) headers[BOX_ID_HEADER] = this.target.boxId;
    if (body !== undefined && contentType) headers['content-type'] = contentType;
    let res: Response;
    let bytes: ArrayBuffer;
    try {
      res = await fetch(this.target.cloudUrl.replace(/\/$/, '') + path, { method, headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
      bytes = await res.arrayBuffer();
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new OffboxError(`cloud unreachable (${(error as Error).name === 'TimeoutError' ? `no answer in ${this.timeoutMs} ms` : cause ?? (error as Error).message})`);
    }
    if (!res.ok) {
      const text = Buffer.from(bytes).toString('utf8');
      let err: { code?: string; message?: string } | undefined;
      try { err = (JSON.parse(text) as { error?: typeof err }).error; } catch { /* not JSON */ }
      throw new OffboxError(`cloud answered ${res.status} ${err?.code ?? ''}: ${err?.message ?? text.slice(0, 200)}`, res.status, err?.code);
    }
    return new Response(bytes, { status: res.status, headers: res.headers });
  }
}
