/**
 * The menu tree as tablets download it, serialized once per menu version. What GET /menu answers
 * depends only on the menu rows and nothing else: every role allowed to read the menu gets the same
 * tree, and the 86 flags (`available`, `stockOut`) and options are columns of those rows. Every
 * command that writes a menu row (edits, 86, stock-driven stock-outs, recipes, imports; in this
 * process or the CLI's) bumps `restaurant.menu_version` in the same transaction, so the version alone
 * keys the cache, and the ETag, the body's `menuVersion` and the body always come from one snapshot.
 */
import { gzipSync } from 'node:zlib';
import type { Db } from '../db/open.js';
import { buildTree, menuEtag, readSnapshot } from './tree.js';

export interface ServedTree {
  menuVersion: number;
  etag: string;
  /** The tree as UTF-8 JSON, encoded once (not on every response: 250 kB for 120 items). */
  body: Bytes;
  /** The same bytes gzipped (≈ 4 % of them), made on first demand. */
  gzipped(): Bytes;
}

/** What a Hono body takes: a Uint8Array over a plain ArrayBuffer (a Buffer is one, typed more loosely). */
type Bytes = Uint8Array<ArrayBuffer>;
const bytes = (b: Buffer): Bytes => new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);

function serve(db: Db): ServedTree {
  // One read transaction, so the rows and the version they are labelled with agree.
  const snapshot = db.transaction((tx) => readSnapshot(tx));
  const body = bytes(Buffer.from(JSON.stringify(buildTree(snapshot)), 'utf8'));
  let gzip: Bytes | undefined;
  return {
    menuVersion: snapshot.menuVersion,
    etag: menuEtag(snapshot.menuVersion),
    body,
    gzipped: () => (gzip ??= bytes(gzipSync(body))),
  };
}

/** Holds the newest version's tree only: an older one is never served again. */
export class ServedTreeCache {
  private current: ServedTree | null = null;

  /** The tree for `menuVersion` (the restaurant row's, read by the caller), rebuilt only when it moved. */
  get(db: Db, menuVersion: number): ServedTree {
    if (this.current?.menuVersion !== menuVersion) this.current = serve(db);
    return this.current;
  }
}
