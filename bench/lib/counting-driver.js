// @ts-check
/**
 * A Driver that forwards to another and counts the statements it is sent:
 * every `query` call and every `exec` call counts as one round trip.
 */

/**
 * @param {import('../../dist/pg/connection/driver.js').Driver} inner
 * @returns {import('../../dist/pg/connection/driver.js').Driver & { statements: number, reset(): void }}
 */
export function countingDriver(inner) {
  const counter = {
    kind: inner.kind,
    display: inner.display,
    statements: 0,
    reset() {
      counter.statements = 0;
    },
    /**
     * @template R
     * @param {string} sql
     * @param {unknown[]} [params]
     * @returns {Promise<import('../../dist/pg/connection/driver.js').QueryResult<R>>}
     */
    query(sql, params) {
      counter.statements += 1;
      return inner.query(sql, params);
    },
    /** @param {string} sql */
    exec(sql) {
      counter.statements += 1;
      return inner.exec(sql);
    },
    close() {
      return inner.close();
    },
  };
  return counter;
}
