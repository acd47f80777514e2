import type { Operation } from '../../../ops/operation.js';

/**
 * The operations on extensions, sequences, domains, views, routines and
 * triggers, grouped by where they go among the table operations (see
 * `orderOperations`). Comments come last, from `withCommentSteps`.
 */
export interface ObjectSteps {
  /**
   * Before anything else: cast, rule and trigger drops, sequence owners cleared, view and late routine
   * drops, drops of operators created again, then foreign tables, servers and wrappers dropped.
   */
  first: Operation[];
  /** Right after schemas are created: extensions, then collations, then text search dictionaries and configurations. */
  afterSchemas: Operation[];
  /** After enums, before tables: domains, sequences, early routines, operators created or altered, then foreign data wrappers, servers and tables. */
  beforeTables: Operation[];
  /**
   * After every table operation: late routines and views, sequence owners,
   * triggers, rules, casts, extension moves; then the drops of operators that go,
   * early routines, sequences, domains, text search configurations and dictionaries, collations and extensions.
   */
  afterTables: Operation[];
  /** Schemas that hold something dropped in `afterTables`: they are dropped at the very end. */
  lateSchemas: string[];
}

export function emptyObjectSteps(): ObjectSteps {
  return { first: [], afterSchemas: [], beforeTables: [], afterTables: [], lateSchemas: [] };
}
