/**
 * The cloud's database handle over either real PostgreSQL (`pg`) or embedded PGlite: the same SQL
 * runs on both (architecture §2). Only what the service needs: queries, and transactions that hold one
 * connection from BEGIN to COMMIT.
 */
import fs from 'node:fs';
import pg from 'pg';

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[]; rowCount: number }>;
  /** Runs a script of several statements, without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface CloudDb extends Queryable {
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly kind: 'postgres' | 'pglite';
}

// bigint columns come back as numbers: every bigint here is a count, seq or amount within 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/** A pool on a PostgreSQL URL. */
export function openPostgres(url: string, poolSize = 10): CloudDb {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that loses its server (restart, network) must not crash the process.
  pool.on('error', () => {});
  const run = async <R>(q: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]) => {
    const r = await q.query(sql, params as unknown[]);
    return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
  };
  return {
    kind: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (sql, params) => run(client, sql, params), exec: async (sql) => { await client.query(sql); } });
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        // A client whose ROLLBACK failed may be broken: drop it rather than reuse it.
        client.release(true);
        throw error;
      }
    },
    async exec(sql) { await pool.query(sql); },
    async close() { await pool.end(); },
  };
}

/** Embedded PGlite in `dataDir` (in memory when undefined): one connection, transactions queued. */
export async function openPglite(dataDir?: string): Promise<CloudDb> {
  const { PGlite } = await import('@electric-sql/pglite');
  // cube + earthdistance: the geographic index of discovery (migration 0019), as on PostgreSQL.
  const { cube } = await import('@electric-sql/pglite/contrib/cube');
  const { earthdistance } = await import('@electric-sql/pglite/contrib/earthdistance');
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const db = new PGlite({ dataDir, extensions: { cube, earthdistance } });
  await db.waitReady;
  const wrap = async <R>(q: { query: typeof db.query }, sql: string, params?: unknown[]) => {
    const r = await q.query<R>(sql, params);
    // PGlite reports affectedRows for writes only; a SELECT's count is its rows, as in pg.
    return { rows: r.rows, rowCount: r.affectedRows || r.rows.length };
  };
  return {
    kind: 'pglite',
    query: (sql, params) => wrap(db, sql, params),
    transaction: (fn) => db.transaction((tx) => fn({ query: (sql, params) => wrap(tx, sql, params), exec: async (sql) => { await tx.exec(sql); } })),
    async exec(sql) { await db.exec(sql); },
    async close() { await db.close(); },
  };
}

/** PostgreSQL when a URL is given, else PGlite under `dataDir`. */
export async function openCloudDb(url: string | undefined, dataDir: string | undefined): Promise<CloudDb> {
  return url ? openPostgres(url) : openPglite(dataDir);
}
