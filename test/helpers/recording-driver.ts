import type { Driver } from '../../src/pg/driver.js';

/** A driver that forwards to another and keeps every statement it is sent. */
export function recording(inner: Driver): Driver & { sent: string[] } {
  const sent: string[] = [];
  return {
    kind: inner.kind,
    display: inner.display,
    sent,
    query: (sql, params) => (sent.push(sql), inner.query(sql, params)),
    exec: (sql) => (sent.push(sql), inner.exec(sql)),
    close: () => inner.close(),
  };
}
