import type { LiteralPayload } from './literal-defaults.js';
import type { OperationKind } from './operation.js';

/**
 * One example call of each operation kind, as a revision file writes it (the
 * argument of `op.<kind>(...)`). docs/reference/operations.md shows each
 * with the SQL it compiles to; a new kind fails to compile without one.
 */
export const OPERATION_EXAMPLES: { readonly [K in OperationKind]: LiteralPayload<K> } = {
  createSchema: { schema: 'billing' },
  dropSchema: { schema: 'billing' },
  createEnum: { enum: { schema: 'public', name: 'mood', values: ['sad', 'ok', 'happy'] } },
  dropEnum: { schema: 'public', name: 'mood' },
  addEnumValue: { schema: 'public', name: 'mood', value: 'meh', after: 'sad' },
  renameEnumValue: { schema: 'public', name: 'mood', from: 'ok', to: 'fine' },
  replaceEnum: {
    schema: 'public',
    name: 'mood',
    from: ['sad', 'ok', 'happy'],
    to: ['sad', 'happy'],
    columns: [
      {
        schema: 'public',
        table: 'person',
        column: 'mood',
        type: 'public.mood',
        default: { from: "'ok'::public.mood", to: "'happy'::public.mood" },
      },
    ],
  },
  createTable: {
    table: {
      schema: 'public',
      name: 'users',
      columns: [
        { name: 'id', type: 'bigint', nullable: false, identity: { always: true } },
        { name: 'email', type: 'text', nullable: false },
        { name: 'created_at', type: 'timestamp with time zone', nullable: false, default: 'now()' },
      ],
      primaryKey: { name: 'users_pkey', columns: ['id'] },
      uniques: [{ name: 'users_email_key', columns: ['email'] }],
      indexes: [{ name: 'users_created_at_idx', columns: [{ column: 'created_at' }] }],
    },
  },
  dropTable: { schema: 'public', name: 'users' },
  addColumn: {
    schema: 'public',
    table: 'users',
    column: { name: 'nickname', type: 'character varying(40)', nullable: false, default: "''::character varying" },
  },
  dropColumn: { schema: 'public', table: 'users', column: 'nickname' },
  alterColumn: {
    schema: 'public',
    table: 'users',
    column: 'email',
    from: { type: 'text', nullable: false },
    to: { type: 'character varying(255)', nullable: true },
  },
  addConstraint: {
    schema: 'public',
    table: 'posts',
    constraint: {
      type: 'foreignKey',
      name: 'posts_author_id_fkey',
      columns: ['author_id'],
      refSchema: 'public',
      refTable: 'users',
      refColumns: ['id'],
      onDelete: 'CASCADE',
      onUpdate: 'NO ACTION',
    },
  },
  dropConstraint: { schema: 'public', table: 'posts', name: 'posts_author_id_fkey' },
  createIndex: {
    schema: 'public',
    table: 'users',
    index: {
      name: 'users_lower_email_idx',
      unique: true,
      columns: [{ expression: 'lower(email)' }],
      where: 'deleted_at IS NULL',
    },
  },
  dropIndex: { schema: 'public', table: 'users', name: 'users_lower_email_idx' },
  backfill: { schema: 'public', table: 'posts', set: { slug: 'lower(title)' }, where: 'slug IS NULL', batchSize: 1000 },
  setStorageParameters: {
    schema: 'public',
    table: 'events',
    to: { fillfactor: '70', autovacuum_enabled: null },
    from: { fillfactor: null, autovacuum_enabled: 'off' },
  },
  renameIndex: { schema: 'public', from: 'events_2024_kind_idx', to: 'events_2024_by_kind' },
  renameSchema: { from: 'billing', to: 'invoicing' },
  renameTable: { schema: 'public', from: 'users', to: 'accounts' },
  renameColumn: { schema: 'public', table: 'users', from: 'name', to: 'display_name' },
  renameObject: {
    object: 'function',
    schema: 'public',
    argumentTypes: 'integer',
    from: 'order_total',
    to: 'customer_total',
  },
  setUnlogged: { schema: 'public', table: 'page_views', unlogged: true },
  setRowLevelSecurity: {
    schema: 'public',
    table: 'doc',
    to: { enabled: true, forced: true },
    from: { enabled: false, forced: false },
  },
  createPolicy: {
    schema: 'public',
    table: 'doc',
    policy: {
      name: 'doc_owner',
      permissive: true,
      command: 'UPDATE',
      roles: ['app_user'],
      using: '(owner = CURRENT_USER)',
      withCheck: '(owner = CURRENT_USER)',
    },
  },
  dropPolicy: { schema: 'public', table: 'doc', name: 'doc_owner' },
  attachPartition: {
    schema: 'public',
    table: 'event_2024',
    partitionOf: { schema: 'public', table: 'event', bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" },
  },
  detachPartition: {
    schema: 'public',
    table: 'event_2024',
    partitionOf: { schema: 'public', table: 'event', bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" },
  },
  inheritTable: { schema: 'public', table: 'car', parent: { schema: 'public', table: 'vehicle' } },
  noInheritTable: { schema: 'public', table: 'car', parent: { schema: 'public', table: 'vehicle' } },
  stashRows: {
    schema: 'public',
    table: 'event',
    stash: 'event__athanor_stash',
    columns: ['id', 'kind', 'at'],
    sequences: [{ column: 'id' }],
    positions: 'event__athanor_positions',
    keptPartitions: [{ schema: 'public', table: 'event_2024' }],
  },
  restoreRows: {
    schema: 'public',
    table: 'event',
    stash: 'event__athanor_stash',
    columns: ['id', 'kind', 'at'],
    overridingSystemValue: true,
    sequences: [{ column: 'id' }],
    positions: 'event__athanor_positions',
    casts: [{ column: 'kind', type: 'public.event_kind' }],
  },
  createExtension: { extension: { name: 'citext', schema: 'public' } },
  dropExtension: { name: 'citext' },
  alterExtension: { name: 'citext', schema: 'ext', from: 'public' },
  createCollation: {
    collation: { schema: 'public', name: 'ci', provider: 'icu', locale: 'und-u-ks-level2', deterministic: false },
  },
  dropCollation: { schema: 'public', name: 'ci' },
  createSequence: { sequence: { schema: 'public', name: 'order_no', type: 'bigint', start: '1000' } },
  dropSequence: { schema: 'public', name: 'order_no' },
  alterSequence: {
    schema: 'public',
    name: 'order_no',
    to: { increment: '10', max: '99999', ownedBy: { table: 'orders', column: 'id' } },
    from: { increment: '1', max: '9223372036854775807', ownedBy: null },
  },
  createDomain: {
    domain: {
      schema: 'public',
      name: 'year',
      type: 'integer',
      checks: [{ name: 'year_check', expression: '((VALUE >= 1901) AND (VALUE <= 2155))' }],
    },
  },
  dropDomain: { schema: 'public', name: 'year' },
  alterDomain: {
    schema: 'public',
    name: 'year',
    to: { default: '2000', checks: [{ name: 'year_check', expression: '(VALUE > 1900)' }] },
    from: { default: null, checks: [{ name: 'year_check', expression: '((VALUE >= 1901) AND (VALUE <= 2155))' }] },
  },
  replaceDomain: {
    domain: {
      schema: 'public',
      name: 'amount',
      type: 'bigint',
      default: null,
      notNull: false,
      checks: [{ name: 'amount_check', expression: '(VALUE >= 0)' }],
    },
    from: {
      schema: 'public',
      name: 'amount',
      type: 'integer',
      default: null,
      notNull: false,
      checks: [{ name: 'amount_check', expression: '(VALUE >= 0)' }],
    },
    columns: [
      { schema: 'public', table: 'orders', column: 'total', type: 'public.amount', default: '0' },
      { schema: 'public', table: 'orders', column: 'parts', type: 'public.amount[]' },
      { schema: 'public', table: 'refunds', column: 'cap', default: '(100)::public.amount' },
    ],
  },
  createCompositeType: {
    composite: {
      schema: 'public',
      name: 'address',
      attributes: [
        { name: 'street', type: 'text' },
        { name: 'zip', type: 'character varying(10)', collation: '"C"' },
      ],
    },
  },
  dropCompositeType: { schema: 'public', name: 'address' },
  createRangeType: {
    range: {
      schema: 'public',
      name: 'booking_range',
      subtype: 'timestamp with time zone',
      subtypeDiff: 'tstzrange_subdiff',
      multirange: 'booking_ranges',
    },
  },
  dropRangeType: { schema: 'public', name: 'booking_range' },
  createEventTrigger: {
    eventTrigger: {
      name: 'log_ddl',
      event: 'ddl_command_end',
      tags: ['CREATE TABLE'],
      functionSchema: 'audit',
      function: 'log_ddl',
    },
  },
  dropEventTrigger: { name: 'log_ddl' },
  alterEventTrigger: { name: 'log_ddl', firing: 'disabled', from: null },
  alterFiring: { on: 'trigger', schema: 'public', table: 'items', name: 'items_audit', firing: 'always', from: null },
  addCompositeAttribute: { schema: 'public', name: 'address', attribute: { name: 'city', type: 'text' } },
  dropCompositeAttribute: { schema: 'public', name: 'address', attribute: 'zip', usedBy: ['public.customer.home'] },
  alterCompositeAttribute: {
    schema: 'public',
    name: 'address',
    attribute: 'zip',
    to: { type: 'text' },
    from: { type: 'character varying(10)', collation: '"C"' },
  },
  createView: {
    view: {
      schema: 'public',
      name: 'active_users',
      definition: 'SELECT users.id,\n    users.email\n   FROM public.users\n  WHERE users.active',
      columns: [
        { name: 'id', type: 'integer' },
        { name: 'email', type: 'text' },
      ],
      dependsOn: [{ schema: 'public', name: 'users' }],
    },
  },
  dropView: { schema: 'public', name: 'active_users' },
  replaceView: {
    view: {
      schema: 'public',
      name: 'active_users',
      definition: 'SELECT users.id,\n    users.email\n   FROM public.users\n  WHERE (users.active AND (users.id > 0))',
      options: ['security_barrier=true'],
      columns: [
        { name: 'id', type: 'integer' },
        { name: 'email', type: 'text' },
      ],
      dependsOn: [{ schema: 'public', name: 'users' }],
    },
  },
  createFunction: {
    function: {
      schema: 'public',
      name: 'touch',
      kind: 'function',
      argumentTypes: '',
      arguments: '',
      result: 'trigger',
      definition:
        'CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$ BEGIN NEW.updated_at = now(); RETURN NEW; END $function$',
    },
  },
  dropFunction: { schema: 'public', name: 'order_total', routine: 'function', argumentTypes: 'integer' },
  replaceFunction: {
    function: {
      schema: 'public',
      name: 'touch',
      kind: 'function',
      argumentTypes: '',
      arguments: '',
      result: 'trigger',
      definition:
        'CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$ BEGIN NEW.updated_at = clock_timestamp(); RETURN NEW; END $function$',
    },
  },
  createTrigger: {
    trigger: {
      schema: 'public',
      table: 'orders',
      name: 'orders_touch',
      definition:
        'CREATE TRIGGER orders_touch BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.touch()',
    },
  },
  dropTrigger: { schema: 'public', table: 'orders', name: 'orders_touch' },
  createRule: {
    rule: {
      schema: 'public',
      table: 'items',
      name: 'items_keep',
      definition: 'CREATE RULE items_keep AS ON DELETE TO public.items DO INSTEAD NOTHING',
    },
  },
  replaceRule: {
    rule: {
      schema: 'public',
      table: 'items',
      name: 'items_keep',
      definition: 'CREATE RULE items_keep AS ON UPDATE TO public.items DO INSTEAD NOTHING',
    },
  },
  dropRule: { schema: 'public', table: 'items', name: 'items_keep' },
  createStatistics: {
    statistics: {
      schema: 'public',
      name: 'items_stats',
      tableSchema: 'public',
      table: 'items',
      definition: 'CREATE STATISTICS public.items_stats (ndistinct, dependencies) ON kind, size FROM public.items',
      target: 500,
    },
  },
  dropStatistics: { schema: 'public', name: 'items_stats' },
  alterStatistics: { schema: 'public', name: 'items_stats', target: null, from: 500 },
  createCast: {
    cast: {
      source: 'public.money_t',
      target: 'text',
      method: 'function',
      function: 'public.money_to_text(public.money_t)',
      context: 'assignment',
    },
  },
  dropCast: { source: 'public.money_t', target: 'text' },
  createTextSearchDictionary: {
    dictionary: {
      schema: 'public',
      name: 'en_stem',
      template: 'snowball',
      options: { language: 'english', stopwords: 'english' },
    },
  },
  alterTextSearchDictionary: {
    schema: 'public',
    name: 'en_stem',
    options: { language: 'english' },
    from: { language: 'english', stopwords: 'english' },
  },
  dropTextSearchDictionary: { schema: 'public', name: 'en_stem' },
  createTextSearchConfiguration: {
    configuration: {
      schema: 'public',
      name: 'docs',
      parser: 'default',
      mappings: { asciiword: ['public.en_stem'], word: ['public.en_stem'], int: ['simple'] },
    },
  },
  alterTextSearchConfiguration: {
    schema: 'public',
    name: 'docs',
    mappings: { word: ['simple'], email: [] },
    from: { word: ['public.en_stem'], email: ['simple'] },
  },
  dropTextSearchConfiguration: { schema: 'public', name: 'docs' },
  createOperator: {
    operator: {
      schema: 'public',
      name: '===',
      left: 'text',
      right: 'text',
      function: 'public.ci_eq',
      commutator: 'OPERATOR(public.===)',
      negator: 'OPERATOR(public.!==)',
      restrict: 'eqsel',
      join: 'eqjoinsel',
      hashes: true,
    },
  },
  dropOperator: { schema: 'public', name: '===', left: 'text', right: 'text' },
  alterOperator: {
    schema: 'public',
    name: '===',
    left: 'text',
    right: 'text',
    to: { restrict: 'scalarltsel', join: null },
    from: { restrict: 'eqsel', join: 'eqjoinsel' },
  },
  createOperatorClass: {
    operatorClass: {
      schema: 'public',
      name: 'ci_ops',
      method: 'btree',
      type: 'text',
      items: [
        'OPERATOR 1 public.<<<(text,text)',
        'OPERATOR 3 public.===(text,text)',
        'FUNCTION 1 public.ci_cmp(text,text)',
      ],
    },
  },
  dropOperatorClass: { schema: 'public', name: 'ci_ops', method: 'btree', ownFamily: true },
  createForeignDataWrapper: { wrapper: { name: 'dummy', handler: 'public.dummy_handler', options: { debug: 'true' } } },
  dropForeignDataWrapper: { name: 'dummy' },
  alterForeignDataWrapper: {
    name: 'dummy',
    from: { name: 'dummy', options: { debug: 'true' } },
    to: { name: 'dummy', validator: 'public.dummy_validator', options: { debug: 'false', level: '2' } },
  },
  createForeignServer: {
    server: { name: 'films_srv', wrapper: 'postgres_fdw', options: { host: 'films.example', dbname: 'films' } },
  },
  dropForeignServer: { name: 'films_srv' },
  alterForeignServer: {
    name: 'films_srv',
    from: { name: 'films_srv', wrapper: 'postgres_fdw', options: { host: 'films.example', dbname: 'films' } },
    to: { name: 'films_srv', wrapper: 'postgres_fdw', version: '2', options: { host: 'db2.example', port: '5433' } },
  },
  createForeignTable: {
    table: {
      schema: 'public',
      name: 'films',
      server: 'films_srv',
      columns: [
        { name: 'id', type: 'integer', nullable: false },
        { name: 'title', type: 'text', nullable: true, options: { column_name: 'name' } },
      ],
      options: { table_name: 'films' },
    },
  },
  dropForeignTable: { schema: 'public', name: 'films' },
  alterForeignTable: {
    schema: 'public',
    name: 'films',
    from: {
      schema: 'public',
      name: 'films',
      server: 'films_srv',
      columns: [
        { name: 'id', type: 'integer', nullable: false },
        { name: 'kind', type: 'text', nullable: true },
      ],
    },
    to: {
      schema: 'public',
      name: 'films',
      server: 'films_srv',
      columns: [
        { name: 'id', type: 'bigint', nullable: false },
        { name: 'year', type: 'integer', nullable: true, options: { column_name: 'yr' } },
      ],
      options: { table_name: 'movies' },
    },
  },
  setComment: {
    target: { on: 'column', schema: 'public', name: 'amount', parent: 'orders' },
    comment: 'In euros',
    from: null,
  },
  grant: {
    on: { on: 'table', schema: 'public', name: 'profiles' },
    privileges: ['SELECT', 'UPDATE'],
    columns: ['name', 'avatar'],
    to: 'authenticated',
  },
  revoke: {
    on: { on: 'function', schema: 'public', name: 'delete_user', argumentTypes: 'uuid' },
    privileges: ['EXECUTE'],
    from: 'PUBLIC',
  },
  grantDefault: { inSchema: 'api', on: 'tables', privileges: ['SELECT'], to: 'anon' },
  revokeDefault: { on: 'functions', privileges: ['EXECUTE'], from: 'PUBLIC' },
  alterOwner: { on: { on: 'schema', schema: 'api', name: 'api' }, to: 'api_owner' },
  executeSql: { sql: 'UPDATE users SET email = lower(email) WHERE id > $1', params: [100] },
};
