import type { Driver } from '../../src/pg/connection/driver.js';
import { PipelineError } from '../../src/pg/connection/pipeline.js';

/**
 * A driver that forwards to another and keeps every statement it is sent; of
 * a pipeline, the statements the server ran, and the one that failed (it
 * skips the rest).
 */
export function recording(inner: Driver): Driver & { sent: string[] } {
  const sent: string[] = [];
  return {
    kind: inner.kind,
    display: inner.display,
    sent,
    query: (sql, params) => (sent.push(sql), inner.query(sql, params)),
    exec: (sql) => (sent.push(sql), inner.exec(sql)),
    pipeline: async (statements, onDone) => {
      try {
        await inner.pipeline(statements, (index, rows) => {
          sent.push(statements[index]!.sql);
          onDone?.(index, rows);
        });
      } catch (error) {
        if (error instanceof PipelineError) sent.push(statements[error.index]!.sql);
        throw error;
      }
    },
    close: () => inner.close(),
  };
}
