import type { DbLike } from './command.js';

/**
 * Queries built once per connection and reused with parameters (`sql.placeholder`). On hot paths
 * drizzle's query builder costs more than running the query; a prepared query skips it.
 * Returns the accessor: call it with the connection to get that connection's queries.
 */
export function preparedPerConnection<T>(build: (db: DbLike) => T): (db: DbLike) => T {
  const byDb = new WeakMap<DbLike, T>();
  return (db) => {
    let queries = byDb.get(db);
    if (!queries) {
      queries = build(db);
      byDb.set(db, queries);
    }
    return queries;
  };
}
