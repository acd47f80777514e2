import type { Statement } from '../../pg/ddl/statement.js';
import type { Driver } from '../../pg/connection/driver.js';
import { scriptComment, scriptStatement, statementsScript } from '../../pg/run/offline-script.js';
import type { PipelineDone, PipelineStatement } from '../../pg/connection/driver-interface.js';
import { runInTurn } from '../../pg/connection/pipeline.js';

/** Where a migration run sends its SQL: a live connection, or a script being written (`--sql`). */
export interface SqlSession {
  readonly offline: boolean;
  execute(statement: Pick<Statement, 'sql' | 'params'>): Promise<void>;
  /** Statements in order, stopping at the first that fails: online in one round trip (a script, parameters as literals). */
  executeBatch(statements: readonly Pick<Statement, 'sql' | 'params'>[]): Promise<void>;
  /** Statements in order, each one command, stopping at the first that fails (a PipelineError says which): online in one round trip. */
  pipeline(statements: readonly PipelineStatement[], onDone?: PipelineDone): Promise<void>;
  query<R>(sql: string, params?: unknown[]): Promise<R[]>;
  /** A comment in the script; nothing online. */
  note(text: string): void;
}

export function onlineSession(driver: Driver): SqlSession {
  return {
    offline: false,
    async execute(statement) {
      await driver.query(statement.sql, statement.params);
    },
    async executeBatch(statements) {
      await driver.exec(statementsScript(statements));
    },
    pipeline: (statements, onDone) => driver.pipeline(statements, onDone),
    async query<R>(sql: string, params?: unknown[]) {
      return (await driver.query<R>(sql, params)).rows;
    },
    note: () => undefined,
  };
}

/** Collects statements into a SQL script, parameters written as literals. */
export class ScriptSession implements SqlSession {
  readonly offline = true;
  private readonly parts: string[] = [];

  async execute(statement: Pick<Statement, 'sql' | 'params'>): Promise<void> {
    this.parts.push(scriptStatement(statement));
  }

  async executeBatch(statements: readonly Pick<Statement, 'sql' | 'params'>[]): Promise<void> {
    for (const statement of statements) await this.execute(statement);
  }

  pipeline(statements: readonly PipelineStatement[], onDone?: PipelineDone): Promise<void> {
    // A script answers nothing: each statement's rows are none.
    return runInTurn(statements, async (statement) => (await this.execute(statement), []), onDone);
  }

  async query<R>(): Promise<R[]> {
    throw new Error('cannot read from the database while writing a SQL script');
  }

  note(text: string): void {
    this.parts.push(`\n${scriptComment(text)}`);
  }

  script(): string {
    return `${this.parts.join('\n').trim()}\n`;
  }
}
