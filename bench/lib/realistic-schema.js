// @ts-check
/**
 * A realistic generated schema as SQL, for the whole-command benchmark:
 * `size` tables `r00000`, `r00001`, ... in `public` with, on average, about 17
 * columns (7 to 28, of a dozen types, some with defaults, some typed by one of
 * the shared enums), 1.5 foreign keys, 2 indexes (one on the first foreign
 * key, then in turn a partial, an expression, a unique and a two-column
 * index), a check on most tables, and comments on every table and on a column
 * of every other table.
 *
 * The foreign keys point both ways through the table list, so that no order
 * of the tables (by name, or as the catalog returns them) is already an order
 * in which each table follows those it refers to: every table but the first
 * refers to the one before it, three in ten also to one further back; one in
 * ten to the table three ahead (a nullable key, added once every table
 * exists, which closes a cycle with the backward chain); one in fifteen to
 * itself. One table in fifty is partitioned by range on `created_at`, with
 * two partitions (`_p2025`, `_p2026`) beside it; no key refers to it.
 */

export const ENUM_COUNT = 20;

/** @param {number} i */
export function tableName(i) {
  return `r${String(i).padStart(5, '0')}`;
}

/** @param {number} k */
function enumName(k) {
  return `kind_${String(k).padStart(2, '0')}`;
}

/** Column types after the key, in turn; `enum` is replaced by one of the enums. */
const COLUMN_TYPES = [
  ['name', 'text NOT NULL'],
  ['code', 'character varying(40)'],
  ['status', 'enum'],
  ['amount', 'numeric(12,2) NOT NULL DEFAULT 0'],
  ['active', 'boolean NOT NULL DEFAULT true'],
  ['created_at', 'timestamp with time zone NOT NULL DEFAULT now()'],
  ['payload', 'jsonb'],
  ['quantity', 'integer NOT NULL DEFAULT 1'],
  ['starts_on', 'date'],
  ['external_id', 'uuid'],
  ['email', 'character varying(255)'],
  ['score', 'double precision'],
  ['tags', 'text[]'],
  ['updated_at', 'timestamp with time zone'],
  ['notes', 'text'],
  ['ratio', 'real'],
  ['flags', 'smallint NOT NULL DEFAULT 0'],
  ['counter', 'bigint'],
  ['label', 'character varying(80)'],
  ['closed_at', 'timestamp without time zone'],
  ['kind', 'enum'],
  ['region', 'character(2)'],
  ['weight', 'numeric'],
  ['priority', 'integer'],
];

/**
 * The columns of table `i` after `id` and its foreign key columns: 6 to 24
 * of them, so that the table has 7 to 28 with its keys (17.5 on average).
 * @param {number} i
 */
function extraColumns(i) {
  const count = 6 + ((i * 7) % 19);
  return COLUMN_TYPES.slice(0, count).map(([name, type], c) =>
    type === 'enum' ? [name, `${enumName((i + c) % ENUM_COUNT)} NOT NULL DEFAULT 'new'`] : [name, type],
  );
}

/** Whether table `i` is partitioned (no key refers to it). @param {number} i */
function partitioned(i) {
  return i % 50 === 20;
}

/** The nearest table at or before `i` that a key may refer to. @param {number} i */
function referable(i) {
  return partitioned(i) ? i - 1 : i;
}

/**
 * The earlier tables table `i` refers to: the one before it, and three in ten
 * one further back (a partitioned table's neighbour instead of it).
 * @param {number} i
 */
export function referencedTables(i) {
  if (i === 0) return [];
  return i % 10 < 3 && i >= 2 ? [referable(i - 1), referable(Math.floor(i / 2))] : [referable(i - 1)];
}

/** The later table table `i` of `size` refers to, if any: three ahead, for one table in ten. @param {number} i @param {number} size */
function forwardReference(i, size) {
  const target = i + 3;
  return i % 10 === 5 && target < size && !partitioned(target) ? target : undefined;
}

/**
 * CREATE TABLE, its indexes and comments for table `i`.
 * @param {number} i
 * @param {(name: string) => string} q the identifier quoter
 */
function tableSql(i, q) {
  const name = tableName(i);
  const refs = referencedTables(i);
  const columns = extraColumns(i);
  const has = (/** @type {string} */ column) => columns.some(([c]) => c === column);
  const split = partitioned(i);
  // A partitioned table's key includes its partition key; identity columns on one need PostgreSQL 17.
  const lines = [split ? 'id bigint NOT NULL' : 'id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY'];
  refs.forEach((r, k) =>
    lines.push(
      `${q(`ref${k}_id`)} bigint${k === 0 ? ' NOT NULL' : ''} REFERENCES ${q(tableName(r))} (id)${k === 1 ? ' ON DELETE SET NULL' : ''}`,
    ),
  );
  for (const [column, type] of columns) lines.push(`${q(column)} ${type}`);
  if (i % 15 === 7) lines.push(`parent_id bigint REFERENCES ${q(name)} (id) ON DELETE CASCADE`);
  if (split) lines.push(`CONSTRAINT ${q(`${name}_pkey`)} PRIMARY KEY (id, created_at)`);
  if (i % 5 !== 4) lines.push(`CONSTRAINT ${q(`${name}_amount_check`)} CHECK (amount >= 0)`);
  if (has('starts_on') && i % 3 === 0)
    lines.push(`CONSTRAINT ${q(`${name}_dates_check`)} CHECK (starts_on > '2000-01-01'::date)`);
  const out = [
    `CREATE TABLE ${q(name)} (\n  ${lines.join(',\n  ')}\n)${split ? ' PARTITION BY RANGE (created_at)' : ''};`,
  ];
  if (split)
    for (const year of [2025, 2026])
      out.push(
        `CREATE TABLE ${q(`${name}_p${year}`)} PARTITION OF ${q(name)} FOR VALUES FROM ('${year}-01-01') TO ('${year + 1}-01-01');`,
      );
  if (refs.length > 0) out.push(`CREATE INDEX ${q(`${name}_ref0_idx`)} ON ${q(name)} (ref0_id);`);
  out.push(secondIndex(i, name, q));
  out.push(`COMMENT ON TABLE ${q(name)} IS ${literal(`Generated table ${i}: what it holds, in a sentence or two.`)};`);
  if (i % 2 === 0) out.push(`COMMENT ON COLUMN ${q(name)}.name IS ${literal(`The name of a ${name} row.`)};`);
  return out.join('\n');
}

/** @param {number} i @param {string} name @param {(name: string) => string} q */
function secondIndex(i, name, q) {
  // A unique index on a partitioned table must include its partition key: a partitioned table gets the last kind.
  switch (partitioned(i) && i % 4 === 2 ? 3 : i % 4) {
    case 0:
      return `CREATE INDEX ${q(`${name}_active_idx`)} ON ${q(name)} (created_at) WHERE active;`;
    case 1:
      return `CREATE INDEX ${q(`${name}_lower_name_idx`)} ON ${q(name)} (lower(name));`;
    case 2:
      return `CREATE UNIQUE INDEX ${q(`${name}_code_key`)} ON ${q(name)} (code) WHERE code IS NOT NULL;`;
    default:
      return `CREATE INDEX ${q(`${name}_name_created_idx`)} ON ${q(name)} (name, created_at DESC);`;
  }
}

/** @param {string} text */
function literal(text) {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The enums, as one script. @param {(name: string) => string} q */
export function enumsSql(q) {
  const out = [];
  for (let k = 0; k < ENUM_COUNT; k++) {
    out.push(`CREATE TYPE ${q(enumName(k))} AS ENUM ('new', 'active', 'suspended', 'archived');`);
    if (k % 4 === 0) out.push(`COMMENT ON TYPE ${q(enumName(k))} IS 'Shared states.';`);
  }
  return out.join('\n');
}

/**
 * The tables `from` to `to - 1`, as one script (with their keys to earlier tables and themselves).
 * @param {number} from @param {number} to @param {(name: string) => string} q
 */
export function tablesSql(from, to, q) {
  const out = [];
  for (let i = from; i < to; i++) out.push(tableSql(i, q));
  return out.join('\n');
}

/**
 * The keys to later tables of `from` to `to - 1` in a schema of `size`, as one
 * script, once every table exists.
 * @param {number} from @param {number} to @param {number} size @param {(name: string) => string} q
 */
export function forwardKeysSql(from, to, size, q) {
  const out = [];
  for (let i = from; i < to; i++) {
    const target = forwardReference(i, size);
    if (target === undefined) continue;
    out.push(
      `ALTER TABLE ${q(tableName(i))} ADD COLUMN next_id bigint REFERENCES ${q(tableName(target))} (id) ON DELETE SET NULL;`,
    );
  }
  return out.join('\n');
}
