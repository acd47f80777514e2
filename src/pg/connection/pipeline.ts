import pg from 'pg';
import type { PipelineDone, PipelineRows, PipelineStatement } from './driver-interface.js';
import { isPunct, isWord, tokenizeSql } from '../../sql/lexer.js';

/** The statement of a pipeline that failed (counted from 0); the ones after it did not run. */
export class PipelineError extends Error {
  constructor(
    readonly index: number,
    readonly original: unknown,
  ) {
    super(original instanceof Error ? original.message : String(original));
  }
}

/**
 * Whether a statement's text can be one statement of a pipeline: one
 * command (the extended protocol takes no scripts), and not `COPY`, which
 * would wait for data. Text that holds a semicolon between tokens is taken
 * for a script, a `BEGIN ATOMIC` body too: it runs on its own, as before.
 */
export function pipelinable(sql: string): boolean {
  const semicolon = sql.indexOf(';');
  if (semicolon === -1 || semicolon === sql.trimEnd().length - 1) return !/^\s*copy\b/i.test(sql);
  const tokens = tokenizeSql(sql);
  if (isWord(tokens[0], 'copy')) return false;
  return tokens.every((token, i) => !isPunct(token, ';') || i === tokens.length - 1);
}

/** The part of node-postgres' connection a pipeline writes to (not in its type declarations). */
interface WireConnection {
  stream: { cork?(): void; uncork?(): void };
  parse(query: { text: string; types: unknown[] }): void;
  bind(config: { values: readonly unknown[]; valueMapper: (value: unknown) => unknown }): void;
  describe(config: { type: 'P'; name: string }): void;
  execute(config: { rows: number }): void;
  flush(): void;
  sync(): void;
  sendCopyFail(message: string): void;
}

/**
 * A pipeline as node-postgres' client runs a query object of its own: it
 * writes every message at once (corked: one write for the socket) and hears
 * of each statement's end (its CommandComplete) in turn.
 */
class PipelineQuery {
  private done = 0;
  /** The rows of the statement being answered, and how each is made (`rowMaker`). */
  private result: { rows: Record<string, unknown>[]; make: RowMaker } | null = null;
  private failure: PipelineError | null = null;
  private callbackError: { error: unknown } | null = null;
  readonly finished: Promise<void>;
  private settle!: (failure: PipelineError | null) => void;
  private reject!: (error: unknown) => void;

  constructor(
    private readonly statements: readonly PipelineStatement[],
    private readonly onDone: PipelineDone | undefined,
  ) {
    this.finished = new Promise((resolve, reject) => {
      this.settle = (failure) => (failure ? reject(failure) : resolve());
      this.reject = reject;
    });
  }

  submit(connection: WireConnection): null {
    connection.stream.cork?.();
    try {
      for (const statement of this.statements) {
        connection.parse({ text: statement.sql, types: [] });
        connection.bind({ values: statement.params ?? [], valueMapper: prepareValue });
        // The columns of its rows (a command without rows answers NoData).
        connection.describe({ type: 'P', name: '' });
        connection.execute({ rows: 0 });
        if (statement.flush) connection.flush();
      }
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  handleCommandComplete(): void {
    const index = this.done++;
    const rows = this.result?.rows ?? [];
    this.result = null;
    try {
      this.onDone?.(index, rows);
    } catch (error) {
      // Not thrown into node-postgres' reading of the socket: the pipeline fails with it once it ends.
      this.callbackError ??= { error };
    }
  }

  /** An empty statement answers EmptyQueryResponse instead of CommandComplete. */
  handleEmptyQuery(): void {
    this.handleCommandComplete();
  }

  handleError(error: unknown): void {
    // node-postgres drops the query after its error; the server skips to the Sync.
    this.failure = new PipelineError(this.done, error);
    this.settle(this.failure);
  }

  handleReadyForQuery(): void {
    if (this.failure) return;
    if (this.callbackError) this.reject(this.callbackError.error);
    else this.settle(null);
  }

  handleRowDescription(message: { fields: FieldDescription[] }): void {
    this.result = { rows: [], make: rowMaker(message.fields) };
  }

  handleDataRow(message: { fields: unknown[] }): void {
    if (this.result === null) return;
    const row = this.result.make(message.fields);
    const each = this.statements[this.done]?.row;
    if (each === undefined) this.result.rows.push(row);
    else if (this.callbackError === null) {
      try {
        each(row);
      } catch (error) {
        this.callbackError = { error };
      }
    }
  }

  handlePortalSuspended(): void {}
  handleCopyData(): void {}
  handleCopyInResponse(connection: WireConnection): void {
    connection.sendCopyFail('COPY from the client is not part of a pipeline');
  }
}

/** A column of a statement's rows, as the server describes it (RowDescription). */
interface FieldDescription {
  name: string;
  dataTypeID: number;
  format?: string;
}

/** Makes a row, an object by column name, of the values of one DataRow message. */
type RowMaker = (values: readonly unknown[]) => Record<string, unknown>;

/** node-postgres' reading of a statement's rows, with its type parsers (not in its type declarations). */
interface PgResult {
  addFields(fields: unknown[]): void;
  parseRow(values: readonly unknown[]): Record<string, unknown>;
}
const Result = (pg as unknown as { Result: new () => PgResult }).Result;

/**
 * The rows of a statement with the columns `fields`, as node-postgres makes
 * them (its type parsers; each column by its name, a later column of the
 * same name winning), but by one object literal written for these columns:
 * every row has the same shape from its birth, where node-postgres copies
 * an empty row and sets each column by a computed name, which at 180,000
 * rows of 35 columns (the columns of 10,000 tables) costs a third of a
 * second. The literal's keys are the names as JSON strings, so the code
 * made holds no text of the server's but string literals. A binary column,
 * or one named `__proto__` (which a literal would take for the prototype),
 * is left to node-postgres.
 */
export function rowMaker(fields: readonly FieldDescription[]): RowMaker {
  if (fields.some((f) => (f.format ?? 'text') !== 'text' || f.name === '__proto__')) {
    const result = new Result();
    result.addFields([...fields]);
    return (values) => result.parseRow(values);
  }
  const parsers = fields.map((f) => pg.types.getTypeParser(f.dataTypeID, 'text') as (value: string) => unknown);
  const body = fields
    .map((f, i) => `${JSON.stringify(f.name)}: v[${i}] === null ? null : p[${i}](v[${i}])`)
    .join(',\n');
  return new Function('p', `return (v) => ({\n${body}\n});`)(parsers) as RowMaker;
}

/** node-postgres' own conversion of a parameter to its text (a Date, an array, JSON, ...), as its queries bind them. */
const prepareValue = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils.prepareValue;

/** Runs statements as one pipeline on a node-postgres client; rejects with a PipelineError. */
export async function runPipeline(
  client: pg.Client,
  statements: readonly PipelineStatement[],
  onDone?: PipelineDone,
): Promise<void> {
  if (statements.length === 0) return;
  const query = new PipelineQuery(statements, onDone);
  (client as unknown as { query(submittable: PipelineQuery): void }).query(query);
  await query.finished;
}

/** The same, one statement at a time, for a driver without pipelines (PGlite, in process: a round trip costs little). */
export async function runInTurn(
  statements: readonly PipelineStatement[],
  run: (statement: PipelineStatement) => Promise<PipelineRows>,
  onDone?: PipelineDone,
): Promise<void> {
  let callbackError: { error: unknown } | null = null;
  for (const [index, statement] of statements.entries()) {
    let rows: PipelineRows;
    try {
      rows = await run(statement);
    } catch (error) {
      throw new PipelineError(index, error);
    }
    try {
      if (statement.row !== undefined) {
        // Heard a row at a time, as from a server; the rows came at once all the same.
        for (const row of rows) statement.row(row);
        rows = [];
      }
      onDone?.(index, rows);
    } catch (error) {
      // As on a server, where the statements were all sent: the rest run, then the pipeline fails with it.
      callbackError ??= { error };
    }
  }
  if (callbackError) throw callbackError.error;
}

/** A statement of `pipelineReads` and what its rows are made into as soon as they are in. */
export interface PipelineRead<T> extends PipelineStatement {
  readonly read: (rows: readonly unknown[]) => T;
}

/**
 * Sends read statements as one pipeline and gives what each statement's
 * rows are made into (its `read`, called as the server answers it, in the
 * statements' order) as its own promise: the caller works on the first
 * answers while the server computes the rest, with no round trip between
 * them, and a statement's rows are not held once read (the columns of
 * 10,000 tables are some 180,000 of them). A failure rejects the failed
 * statement's answer and those after it with the server's own error, a
 * `read` that throws its own answer; an answer never awaited (after an
 * earlier one failed) is not reported as unhandled.
 */
export function pipelineReads<T extends readonly unknown[]>(
  driver: { pipeline(statements: readonly PipelineStatement[], onDone?: PipelineDone): Promise<void> },
  statements: { readonly [K in keyof T]: PipelineRead<T[K]> },
): { [K in keyof T]: Promise<T[K]> } {
  const open: ({ resolve: (value: unknown) => void; reject: (error: unknown) => void } | undefined)[] = [];
  const answers = statements.map((_, index) => {
    const promise = new Promise((resolve, reject) => (open[index] = { resolve, reject }));
    promise.catch(() => undefined);
    return promise;
  });
  // An answer is settled once, and then nothing here holds it (nor the rows it was made from).
  const settle = (index: number, how: (answer: NonNullable<(typeof open)[number]>) => void): void => {
    const answer = open[index];
    open[index] = undefined;
    if (answer !== undefined) how(answer);
  };
  const settleRest = (error: unknown): void => open.forEach((_, index) => settle(index, (a) => a.reject(error)));
  const reads = statements as readonly PipelineRead<unknown>[];
  driver
    .pipeline(reads, (index, rows) =>
      settle(index, (answer) => {
        try {
          answer.resolve(reads[index]!.read(rows));
        } catch (error) {
          answer.reject(error);
        }
      }),
    )
    .then(
      () => settleRest(new Error('the pipeline ended without answering this statement')),
      (error: unknown) => settleRest(error instanceof PipelineError ? error.original : error),
    );
  return answers as { [K in keyof T]: Promise<T[K]> };
}
