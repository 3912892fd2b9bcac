import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../errors.js';

/** The largest request body the box reads (CSV menu imports included). */
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * A refused body is still read and thrown away, up to this many bytes and this long, before the 413
 * is sent: a client still sending when the box answers and closes gets a reset on its next write
 * (EPIPE), and many clients then report that instead of the 413. Past either bound the box answers
 * and closes.
 */
export const DISCARD_MAX_BYTES = 16 * 1024 * 1024;
export const DISCARD_MAX_MS = 10_000;

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} kB`);
const tooLargeFor = (max: number) => (close: boolean) => new AppError('PAYLOAD_TOO_LARGE', `The request body is over ${sizeText(max)}.`,
  undefined, close ? { Connection: 'close' } : undefined);

/**
 * Reads and throws away the rest of a refused body: 'drained' once it is all read (the connection
 * can carry the next request), 'bounded' when it went past the bounds or broke off (close it).
 */
function discardRest(incoming: IncomingMessage, alreadyRead: number): Promise<'drained' | 'bounded'> {
  return new Promise((resolve) => {
    let read = alreadyRead;
    const finish = (how: 'drained' | 'bounded') => {
      clearTimeout(timer);
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onBreak);
      incoming.off('close', onBreak);
      if (how === 'bounded') incoming.pause();
      resolve(how);
    };
    const onData = (chunk: Buffer) => {
      read += chunk.length;
      if (read > DISCARD_MAX_BYTES) finish('bounded');
    };
    const onEnd = () => finish('drained');
    const onBreak = () => finish('bounded');
    const timer = setTimeout(onBreak, DISCARD_MAX_MS);
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onBreak);
    incoming.on('close', onBreak);
    if (incoming.readableEnded) finish('drained');
    else incoming.resume();
  });
}

/** Reads a body of unknown length (chunked) up to the limit; past it, stops and says how much was read. */
function readUpToLimit(incoming: IncomingMessage, max: number): Promise<Uint8Array<ArrayBuffer> | { overBy: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) {
        chunks.push(chunk);
        return;
      }
      done();
      resolve({ overBy: size });
    };
    const onEnd = () => {
      done();
      const body = new Uint8Array(size);
      let at = 0;
      for (const chunk of chunks) {
        body.set(chunk, at);
        at += chunk.length;
      }
      resolve(body);
    };
    const onError = (error: Error) => { done(); reject(error); };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
  });
}


/**
 * Bodies over 1 MB are refused with 413 PAYLOAD_TOO_LARGE, and the client gets to read it: the rest
 * of the body is read and discarded first (within DISCARD_MAX_BYTES and DISCARD_MAX_MS), so a
 * client still sending is not cut off mid-write, and a tablet's kept-alive connection still works
 * afterwards. A declared Content-Length past what the box would discard is answered at once, before
 * any of the body is read, and the connection closed. A chunked body is counted as it arrives.
 */
export const limitBodySize = bodySizeLimit(MAX_BODY_BYTES);

/** The same refusal at another size (the cloud's public guest routes take 64 kB). */
export function bodySizeLimit(max: number): MiddlewareHandler<{ Bindings: { incoming?: IncomingMessage } }> {
  const tooLarge = tooLargeFor(max);
  const honoLimit = bodyLimit({ maxSize: max, onError: () => { throw tooLarge(true); } });
  return async (c, next) => {
    const incoming = c.env?.incoming;
    // Without Node's request (the app called in-process), Hono's own limit does the counting.
    if (!incoming) return honoLimit(c, next);
    const chunked = c.req.header('transfer-encoding') !== undefined;
    if (!chunked) {
      const length = Number(c.req.header('content-length') ?? 0);
      if (length <= max) return next();
      if (length > DISCARD_MAX_BYTES) throw tooLarge(true);
      throw tooLarge(await discardRest(incoming, 0) === 'bounded');
    }
    const body = await readUpToLimit(incoming, max);
    if (body instanceof Uint8Array) {
      c.req.raw = new Request(c.req.raw, { body });
      return next();
    }
    throw tooLarge(await discardRest(incoming, body.overBy) === 'bounded');
  };
}
