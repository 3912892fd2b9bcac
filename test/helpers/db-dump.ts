import Database from 'better-sqlite3';

/**
 * Every row of every table, as text, for "the database is unchanged" assertions.
 * Read through a second connection, exactly as another process would see the file.
 */
export function dumpDatabase(file: string, options: { exclude?: string[] } = {}): string {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name").all() as Array<{ name: string }>;
    return tables
      .filter((t) => !(options.exclude ?? []).includes(t.name))
      .map((t) => `## ${t.name}\n${(db.prepare(`select * from "${t.name}" order by rowid`).all()).map((r) => JSON.stringify(r)).join('\n')}`)
      .join('\n');
  } finally {
    db.close();
  }
}
