import Database from 'better-sqlite3';

/**
 * Every row of every table, as text, for "the database is unchanged" assertions.
 * Read through a second connection, exactly as another process would see the file.
 */
export function dumpDatabase(file: string, options: { exclude?: string[] } = {}): string {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name").all() as Array<{ name: string; sql: string }>;
    // A WITHOUT ROWID table (FTS5 keeps two as its shadow tables) has no rowid to order by: order by every column.
    const order = (t: { sql: string }) => (/WITHOUT ROWID\s*$/i.test(t.sql) ? 'order by 1, 2' : 'order by rowid');
    return tables
      .filter((t) => !(options.exclude ?? []).includes(t.name))
      .map((t) => `## ${t.name}\n${(db.prepare(`select * from "${t.name}" ${order(t)}`).all()).map((r) => JSON.stringify(r)).join('\n')}`)
      .join('\n');
  } finally {
    db.close();
  }
}
