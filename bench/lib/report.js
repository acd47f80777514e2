// @ts-check
/**
 * The human-readable report: one table per target, the heap figures, the
 * revision graph table and the notes.
 */

/**
 * @param {string[]} header
 * @param {string[][]} rows
 */
export function formatTable(header, rows) {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (/** @type {string[]} */ cells) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * Whole commands timed as processes (`timed` of command-project.js), each
 * beside the first row, the floor.
 * @param {[string, { seconds: number; cpu: number; mib: number; treeMib: number; error: string | null }][]} rows
 */
export function formatTimedRows(rows) {
  const floor = rows[0]?.[1].seconds ?? NaN;
  const table = rows.map(([label, m]) => [
    label,
    m.seconds.toFixed(2),
    m.cpu.toFixed(2),
    (m.seconds / floor).toFixed(1),
    m.mib.toFixed(0),
    m.treeMib.toFixed(0),
    m.error ?? '',
  ]);
  return formatTable(['command', 'wall s', 'cpu s', 'x floor', 'peak MiB', 'all processes MiB', 'error'], table);
}

/** @param {number | null | undefined} ms */
function millis(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '-';
  if (ms < 1) return ms.toFixed(3);
  if (ms < 100) return ms.toFixed(1);
  return ms.toFixed(0);
}

/** @param {number | null | undefined} n */
function count(n) {
  return n === null || n === undefined ? '-' : String(n);
}

/** @param {number | null} bytes */
function megabytes(bytes) {
  if (bytes === null) return 'unknown';
  const mb = bytes / 1024 / 1024;
  return `${mb.toFixed(mb < 10 ? 2 : 1)} MB`;
}

/** @param {import('./schema-bench.js').SizeResult[]} sizes */
function sizeTable(sizes) {
  const header = [
    'tables',
    'load ms',
    'reflect ms',
    'reflect stmts',
    'canonicalize ms',
    'canon. stmts',
    'compare equal ms',
    'compare ~5% ms',
    'ops (tables changed)',
    'round-trip ops',
  ];
  const rows = sizes.map((s) => [
    String(s.tables),
    millis(s.loadMs),
    millis(s.reflectMs),
    count(s.reflectStatements),
    millis(s.canonicalizeMs),
    count(s.canonicalizeStatements),
    millis(s.compareEqualMs),
    millis(s.compareChangedMs),
    s.changedOps === null ? '-' : `${s.changedOps} (${s.changedTables})`,
    count(s.roundTripOps),
  ]);
  return formatTable(header, rows);
}

/** @param {import('./revision-bench.js').RevisionResult[]} results */
function revisionTable(results) {
  const header = ['revisions', 'dates', 'read headers ms', 'build graph ms', 'total ms', 'error'];
  const rows = results.map((r) => [
    String(r.revisions),
    r.dates,
    millis(r.readMs),
    millis(r.graphMs),
    millis(r.totalMs),
    r.error ?? '',
  ]);
  return formatTable(header, rows);
}

/**
 * @param {any} report the object `--json` prints
 * @returns {string}
 */
export function formatReport(report) {
  const out = [
    `Athanor benchmarks, ${report.date}`,
    `node ${report.machine.node}, ${report.machine.platform}, ${report.machine.cpus} CPUs (${report.machine.cpuModel}); ` +
      `load average ${report.machine.loadAverage.start} at start, ${report.machine.loadAverage.end} at end; ` +
      `times are the median of ${report.runs} runs after one warm-up`,
    '',
  ];
  for (const target of report.targets) {
    out.push(`${target.name}, PostgreSQL ${target.version}`);
    if (target.sizes.length > 0) out.push(sizeTable(target.sizes));
    if (target.heap) {
      out.push(
        `heap for one reflection of ${target.heap.tables} tables: ` +
          `${megabytes(target.heap.allocatedBytes)} used right after, ${megabytes(target.heap.retainedBytes)} retained (the model)`,
      );
    }
    if (target.error) out.push(`error: ${target.error}`);
    out.push('');
  }
  if (report.revisions.length > 0) {
    out.push(
      `revision graph load (linear chain; headers via ${report.revisionReader})`,
      revisionTable(report.revisions),
      '',
    );
  }
  out.push(...LEGEND);
  for (const note of report.notes) out.push(`note: ${note}`);
  return `${out.join('\n')}\n`;
}

const LEGEND = [
  'load: creating the schema with the DDL compiler, one transaction. reflect stmts / canon. stmts: statements sent per run.',
  'ops (tables changed): operations compareModels produces for the ~5% change. round-trip ops: operations between',
  'the canonicalized declared model and the reflected one (0 means autogenerate sees no difference).',
  'Whole commands (pull, check, revision --autogenerate, upgrade head as fresh processes against the floor): npm run bench:commands.',
];
