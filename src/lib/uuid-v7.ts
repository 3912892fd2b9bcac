import { randomFillSync } from 'node:crypto';

/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter in `rand_a` so ids made
 * in the same millisecond still sort in creation order (method 1 of §6.2), then 62 random bits.
 * Ours rather than the `uuid` package's because that one draws its randomness through Web Crypto
 * for every id, which showed up in the profile of placing orders; here random bytes come from a
 * pool refilled 4 KB at a time.
 */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function random(bytes: number): Buffer {
  if (poolOffset + bytes > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const out = pool.subarray(poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return out;
}

let lastMs = -1;
let counter = 0;
const hex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function uuidv7(now: number = Date.now()): string {
  let ms = now;
  if (ms > lastMs) {
    lastMs = ms;
    // Start each millisecond at a random point in the lower half, leaving room to count up.
    counter = random(2).readUInt16BE(0) & 0x7ff;
  } else {
    ms = lastMs;
    counter += 1;
    if (counter > 0xfff) {
      // 4096 ids in one millisecond: borrow the next millisecond rather than break the order.
      lastMs += 1;
      ms = lastMs;
      counter = 0;
    }
  }
  const bytes = Buffer.allocUnsafe(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  random(8).copy(bytes, 8);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  let s = '';
  for (let i = 0; i < 16; i++) {
    s += hex[bytes[i]!];
    if (i === 3 || i === 5 || i === 7 || i === 9) s += '-';
  }
  return s;
}
