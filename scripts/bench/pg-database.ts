/**
 * A bench's own PostgreSQL database on the server of TEST_DATABASE_URL or DATABASE_URL (else
 * 127.0.0.1:5432): created (empty) when missing, dropped first when `fresh`; null when no server answers.
 */
import pg from 'pg';

export async function benchDatabase(name: string, fresh: boolean): Promise<string | null> {
  const base = new URL(process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
  const admin = new pg.Client({ connectionString: base.toString(), connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    if (fresh) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
    base.pathname = `/${name}`;
    return base.toString();
  } catch {
    return null;
  } finally {
    await admin.end().catch(() => {});
  }
}
