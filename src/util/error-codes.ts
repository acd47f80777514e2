/**
 * Every code an `AthanorError` can carry, declared once: its group (the section
 * of docs/troubleshooting.md it is listed under) and a one-line title. The code
 * is printed in the error line (`error [connect]: ...`), is the `code` of the
 * error a library call throws, and heads its entry in docs/troubleshooting.md,
 * whose anchor is the code itself (`troubleshooting.md#connect`). A code names a
 * cause with one remedy, not a call site; once released, a code keeps its name.
 */

/** The sections of docs/troubleshooting.md, by the headings they have there. */
export const ERROR_GROUPS = {
  config: 'Config and urls',
  connection: 'Connecting',
  model: 'The model',
  graph: 'Revision files and the graph',
  target: 'Targets',
  run: 'Running revisions',
  autogenerate: 'Autogenerate',
  fleet: 'Fleets',
  test: 'migrate test',
  library: 'Library calls',
} as const;

export type ErrorGroup = keyof typeof ERROR_GROUPS;

interface ErrorCodeEntry {
  readonly group: ErrorGroup;
  readonly title: string;
}

export const ERROR_CODES = {
  'no-config': { group: 'config', title: 'no config file found' },
  'bad-config': { group: 'config', title: 'the config file exports something invalid' },
  'load-failed': { group: 'config', title: 'the config or model file does not compile or load' },
  'unknown-environment': { group: 'config', title: 'the config names no such environment' },
  'environment-url': { group: 'config', title: 'no database url, or an environment variable it needs is unset' },
  'bad-timeout': { group: 'config', title: 'a timeout is not a duration' },
  'bad-x-arg': { group: 'config', title: 'a -x argument is not key=value' },
  'bad-url': { group: 'config', title: 'the database url cannot be parsed' },
  'url-unparsed': {
    group: 'config',
    title: 'the database url does not parse as given: its password needs percent-encoding',
  },
  'already-initialised': { group: 'config', title: 'migrate init found a project already there' },
  'no-migrations-folder': { group: 'config', title: 'the migrations folder the config names does not exist' },

  connect: { group: 'connection', title: 'cannot connect to the database' },
  'ssl-parameter': { group: 'connection', title: 'an sslmode, sslrootcert, sslcert or sslkey cannot be used' },
  'transaction-pooler': { group: 'connection', title: 'the url goes through a transaction-mode pooler' },
  'directory-locked': { group: 'connection', title: 'another process is using the local database directory' },

  'no-model': { group: 'model', title: 'no model file' },
  'bad-model': { group: 'model', title: 'the model file does not export one metadata object' },
  'invalid-model': { group: 'model', title: 'the model declares something Postgres cannot hold' },
  'naming-convention': { group: 'model', title: 'a naming convention template does not apply to an object' },
  'model-refused': { group: 'model', title: 'Postgres refused the model in scratch schemas' },
  'server-resource': { group: 'model', title: 'the server ran short of a resource while creating the model' },
  'extension-unavailable': { group: 'model', title: 'the model declares an extension the server does not have' },
  'server-version': { group: 'model', title: "the model or a revision uses a feature the server's version lacks" },
  'missing-roles': { group: 'model', title: 'the model grants privileges to roles the database lacks' },
  'model-exists': { group: 'model', title: 'pull would overwrite a model that declares tables' },
  'render-model': { group: 'model', title: 'pull cannot write a table that refers outside the schemas' },

  'bad-revision-file': { group: 'graph', title: 'a revision file has an invalid header or exports' },
  'revision-load': { group: 'graph', title: 'a revision file does not compile or load' },
  'duplicate-revision': { group: 'graph', title: 'two revision files share an id' },
  'missing-revision': { group: 'graph', title: 'a revision refers to one no file defines' },
  'revision-cycle': { group: 'graph', title: 'the revisions form a cycle' },
  'duplicate-label': { group: 'graph', title: 'a branch label is declared twice' },
  'bad-label': { group: 'graph', title: 'a branch label is not a valid name' },
  'bad-rev-id': { group: 'graph', title: 'a revision id is not valid' },
  'file-exists': { group: 'graph', title: 'the revision file to write already exists' },
  'not-a-head': { group: 'graph', title: 'a new revision would not build on a head' },
  'bad-merge': { group: 'graph', title: 'the revisions to merge cannot be merged' },
  'hook-failed': { group: 'graph', title: 'a post-write hook failed' },
  'bad-squash': { group: 'graph', title: "a squash's replaces list does not fit the graph" },
  'replaced-file-missing': { group: 'graph', title: 'a database is inside a squash whose replaced files are gone' },
  'squash-range': { group: 'graph', title: 'the range to squash cannot be squashed' },
  'squash-data-steps': { group: 'graph', title: 'revisions of the range to squash change data' },
  'squash-unsupported': { group: 'graph', title: 'the squash cannot write a difference of the range' },

  'bad-target': { group: 'target', title: 'a target is not a revision, label, head, base or relative step' },
  'unknown-revision': { group: 'target', title: 'no revision matches the target' },
  'ambiguous-revision': { group: 'target', title: 'a revision prefix matches several revisions' },
  'unknown-label': { group: 'target', title: 'no branch has the label' },
  'no-revisions': { group: 'target', title: 'there are no revisions yet' },
  'several-heads': { group: 'target', title: 'head is ambiguous: there are several heads' },
  'relative-out-of-range': { group: 'target', title: 'a relative step goes past base or head' },
  'ambiguous-walk': { group: 'target', title: 'a relative step crosses a branch point' },
  'relative-blocked': { group: 'target', title: 'a relative step needs a revision that is not applied' },
  'overlapping-targets': { group: 'target', title: 'the targets lie on one branch' },
  'not-upgrade-target': { group: 'target', title: 'the target lies below where the database is' },
  'not-applied': { group: 'target', title: 'the revision to downgrade to is not applied' },
  'bad-range': { group: 'target', title: 'a revision range is invalid' },
  'sql-range': { group: 'target', title: '--sql needs a FROM:TO range' },
  'bad-option': { group: 'target', title: 'a command-line option is missing, unknown or misused' },

  'revision-failed': { group: 'run', title: 'a revision failed and was rolled back' },
  'not-transactional': { group: 'run', title: 'the revision must run partly outside a transaction' },
  'backfill-to-write': { group: 'run', title: 'a revision has a backfill still to write' },
  'using-to-write': { group: 'run', title: "a revision has a type change's USING still to write" },
  'single-transaction-autocommit': { group: 'run', title: '--single-transaction with a non-transactional revision' },
  'op-not-awaited': { group: 'run', title: 'an op call was not awaited' },
  'op-after-return': { group: 'run', title: 'an op call came after its revision returned' },
  'nested-autocommit': { group: 'run', title: 'op.autocommit inside another' },
  'offline-query': { group: 'run', title: 'a revision reads the database in a --sql script' },
  'lock-table': {
    group: 'run',
    title: "a revision needs more locks than the server's lock table holds (max_locks_per_transaction)",
  },
  'enum-value-in-use': { group: 'run', title: 'rows hold an enum value the revisions to run remove' },
  'unacknowledged-hazard': { group: 'run', title: 'a hazard is not acknowledged and requireAcknowledged is on' },
  'expand-refused': { group: 'run', title: 'an operation cannot be served in both versions by --expand' },
  'expand-state': { group: 'run', title: 'expand, contract or abort does not fit what is expanded' },
  'unparsable-sql': { group: 'run', title: 'op.execute SQL that cannot be parsed' },
  'invalid-operation': { group: 'run', title: 'an op call has invalid arguments' },
  'unknown-current': { group: 'run', title: 'the database is at a revision no file defines' },

  'not-at-head': { group: 'autogenerate', title: 'the database is not at head' },
  reflect: { group: 'autogenerate', title: 'the database holds something Athanor cannot read' },
  'rename-undecided': { group: 'autogenerate', title: 'a possible rename needs a decision' },
  'bad-rename': { group: 'autogenerate', title: 'a --rename or --no-rename value is malformed or ambiguous' },
  'unknown-rename': { group: 'autogenerate', title: 'a --rename matches no candidate' },
  'rename-failed': { group: 'autogenerate', title: 'trying a decided rename on the database failed' },
  cancelled: { group: 'autogenerate', title: 'the rename prompt was cancelled' },
  'unrenderable-value': { group: 'autogenerate', title: 'a value cannot be written into a revision' },
  irreversible: { group: 'autogenerate', title: 'an operation cannot be reversed' },
  'sequence-in-use': {
    group: 'autogenerate',
    title: 'the model drops a sequence that a column default it keeps calls',
  },

  'no-tenants': { group: 'fleet', title: 'the config declares no tenants' },
  'bad-tenants': { group: 'fleet', title: 'the tenants declaration is invalid' },
  'outside-template': { group: 'fleet', title: 'a revision names a schema outside the tenant template' },
  'unknown-tenant': { group: 'fleet', title: 'no tenant matches' },
  'nothing-to-test': { group: 'test', title: 'migrate test --from names a head: nothing newer to test' },
  'scratch-database': { group: 'test', title: 'migrate test --url cannot create its scratch database' },
  'bad-fixtures': { group: 'test', title: 'a revision exports fixtures of the wrong shape' },
  'test-failed': { group: 'test', title: 'a check of athanor/testing did not pass' },

  unexpected: { group: 'library', title: 'a failure that is not Athanor’s own' },
} as const satisfies Record<string, ErrorCodeEntry>;

/** A declared error code: any other string is a compile error where a code is expected. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Where the code is explained: its entry in docs/troubleshooting.md. */
export function errorCodeDocs(code: ErrorCode): string {
  return `docs/troubleshooting.md#${code}`;
}
