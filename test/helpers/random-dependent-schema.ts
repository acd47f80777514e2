import fc from 'fast-check';

/**
 * Random SQL schemas whose objects depend on each other across kinds, for
 * the round-trip property test: enums, domains over base types and enums,
 * composite types over both, tables (some inheriting from others, keyed by
 * integer, bigserial, identity, or a sequence another table owns), tables
 * partitioned by list or range with partitions and indexes, foreign keys
 * into partitioned tables and in cycles (added by ALTER TABLE), domains over
 * a table's row type, columns of a table's row type and of arrays, functions
 * that column defaults and checks call, SQL functions taking and returning those domains and
 * row types or calling each other, views over tables, functions and other
 * (some materialized) views, and comments on some of them.
 *
 * A schema is SQL text in a valid creation order. Every object's name starts
 * with a letter drawn apart from its place (`z_t0` is created before
 * `a_t1`, `a_v2` may read `z_f1`), so that neither alphabetical nor
 * declaration order is the dependency order. The SQL is built from
 * fast-check's choices deterministically, so a failing schema shrinks
 * towards fewer and plainer objects.
 */

const prefix = fc.constantFrom('a', 'm', 'z');
const comment = fc.boolean();
const maybe = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.option(arbitrary, { nil: undefined, freq: 2 });

const enumChoice = fc.record({ prefix, values: fc.integer({ min: 1, max: 3 }), comment });
const domainChoice = fc.record({
  prefix,
  base: fc.nat(),
  check: fc.boolean(),
  notNull: fc.boolean(),
  withDefault: fc.boolean(),
  comment,
});
const compositeChoice = fc.record({ prefix, fields: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }), comment });
const partitionedChoice = fc.record({
  prefix,
  range: fc.boolean(),
  wideKey: fc.boolean(),
  partitions: fc.array(prefix, { maxLength: 3 }),
  withDefault: fc.boolean(),
  index: fc.nat(2),
  indexFirst: fc.boolean(),
  reference: maybe(fc.nat()),
  comment,
});
const tableChoice = fc.record({
  prefix,
  id: fc.constantFrom('integer', 'bigserial', 'identity', 'shared'),
  sequencePrefix: maybe(prefix),
  columns: fc.array(fc.nat(), { maxLength: 3 }),
  inherits: maybe(fc.nat()),
  helper: maybe(fc.record({ index: fc.nat(), inCheck: fc.boolean() })),
  reference: maybe(fc.nat()),
  cycle: maybe(fc.nat()),
  comment,
});
const rowDomainChoice = fc.record({ prefix, table: fc.nat(), check: fc.boolean(), comment });
const routineChoice = fc.record({ prefix, shape: fc.nat(), target: fc.nat(), volatile: fc.boolean(), comment });
const helperChoice = fc.record({ prefix, over: fc.nat(), comment });
const viewChoice = fc.record({
  prefix,
  shape: fc.nat(),
  target: fc.nat(),
  materialized: fc.boolean().chain((m) => (m ? fc.boolean() : fc.constant(false))),
  comment,
});

const schemaChoices = fc.record({
  enums: fc.array(enumChoice, { maxLength: 2 }),
  domains: fc.array(domainChoice, { maxLength: 2 }),
  composites: fc.array(compositeChoice, { maxLength: 2 }),
  /** Functions over a domain, enum or base type, that columns call in defaults and checks. */
  helpers: fc.array(helperChoice, { maxLength: 2 }),
  partitioned: fc.array(partitionedChoice, { maxLength: 2 }),
  tables: fc.array(tableChoice, { minLength: 1, maxLength: 5 }),
  rowDomains: fc.array(rowDomainChoice, { maxLength: 2 }),
  /** Routines and views in one list: each may read any earlier one. */
  readers: fc.array(fc.oneof(fc.record({ routine: routineChoice }), fc.record({ view: viewChoice })), {
    maxLength: 6,
  }),
});

type Choices = typeof schemaChoices extends fc.Arbitrary<infer T> ? T : never;
type RoutineChoice = typeof routineChoice extends fc.Arbitrary<infer T> ? T : never;
type ViewChoice = typeof viewChoice extends fc.Arbitrary<infer T> ? T : never;

/** A type a column, field or argument may have, with a literal of it. */
interface ValueType {
  name: string;
  literal: string;
}

/** A relation with a row type: a table, partitioned table or view. */
interface Relation {
  name: string;
  /** The key a foreign key references, with each column's type (tables only). */
  key: { column: string; type: string }[];
  /** A column `x.<column>` reads, and its type cast to text reads `(r).<column>`. */
  column: string;
}

/** A routine, as a view or another routine calls it. */
interface Routine {
  name: string;
  args: ValueType[];
  returns: string;
  setOf: boolean;
}

/** Random dependent schemas as SQL text, in a valid creation order. */
export const randomDependentSchema: fc.Arbitrary<string> = schemaChoices.map((choices) => buildSchema(choices));

const BASE_TYPES: readonly ValueType[] = [
  { name: 'integer', literal: '1' },
  { name: 'text', literal: "'x'" },
  { name: 'boolean', literal: 'true' },
  { name: 'numeric(8,2)', literal: '1.5' },
  { name: 'date', literal: "'2024-01-01'" },
];

const DOMAIN_CHECKS: Record<string, string> = {
  integer: 'VALUE > 0',
  text: "VALUE <> ''",
  'numeric(8,2)': 'VALUE >= 0',
};

function pick<T>(items: readonly T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

function buildSchema(choices: Choices): string {
  const out: string[] = [];
  const comments: string[] = [];
  const remark = (on: string, wanted: boolean): void => {
    if (wanted) comments.push(`COMMENT ON ${on} IS 'about ${on.replace(/'/g, "''")}';`);
  };

  // Enums and domains over base types or enums.
  const enums: ValueType[] = choices.enums.map((choice, i) => {
    const name = `${choice.prefix}_e${i}`;
    const values = Array.from({ length: choice.values }, (_, v) => `'v${v}'`);
    out.push(`CREATE TYPE ${name} AS ENUM (${values.join(', ')});`);
    remark(`TYPE ${name}`, choice.comment);
    return { name, literal: `'v0'::${name}` };
  });
  const domains: ValueType[] = choices.domains.map((choice, i) => {
    const name = `${choice.prefix}_d${i}`;
    const base = pick([...BASE_TYPES, ...enums], choice.base)!;
    const check = DOMAIN_CHECKS[base.name];
    const constraints = [
      choice.notNull ? ' NOT NULL' : '',
      choice.check && check !== undefined ? ` CHECK (${check})` : '',
    ].join('');
    const withDefault = choice.withDefault ? ` DEFAULT ${base.literal}` : '';
    out.push(`CREATE DOMAIN ${name} AS ${base.name}${withDefault}${constraints};`);
    remark(`DOMAIN ${name}`, choice.comment);
    return { name, literal: `${base.literal}::${name}` };
  });
  const composites: ValueType[] = choices.composites.map((choice, i) => {
    const name = `${choice.prefix}_c${i}`;
    const pool = [...BASE_TYPES, ...enums, ...domains];
    const fields = choice.fields.map((f, j) => `f${j} ${pick(pool, f)!.name}`);
    out.push(`CREATE TYPE ${name} AS (${fields.join(', ')});`);
    remark(`TYPE ${name}`, choice.comment);
    return { name, literal: `NULL::${name}` };
  });
  const arrays = [...enums, ...domains].map((t) => ({ name: `${t.name}[]`, literal: `ARRAY[${t.literal}]` }));
  const columnTypes = [...BASE_TYPES, ...enums, ...domains, ...composites, ...arrays];
  const helpers: Routine[] = choices.helpers.map((choice, i) => {
    const name = `${choice.prefix}_h${i}`;
    const over = pick([BASE_TYPES[0]!, ...domains, ...enums], choice.over)!;
    out.push(`CREATE FUNCTION ${name}(x ${over.name}) RETURNS ${over.name} LANGUAGE sql IMMUTABLE AS $$ SELECT x $$;`);
    remark(`FUNCTION ${name}(${over.name})`, choice.comment);
    return { name, args: [over], returns: over.name, setOf: false };
  });

  // Plain tables: names, keys and sequences first, since defaults and keys may point forwards.
  const tables = choices.tables.map((choice, i) => {
    const name = `${choice.prefix}_t${i}`;
    const parent = choice.inherits === undefined || i === 0 ? undefined : choice.inherits % i;
    return { choice, name, parent, idType: 'integer', sequence: undefined as string | undefined };
  });
  for (const [i, table] of tables.entries()) {
    if (table.parent !== undefined) {
      table.idType = tables[table.parent]!.idType;
    } else if (table.choice.id === 'bigserial') {
      table.idType = 'bigint';
      const own = table.choice.sequencePrefix;
      table.sequence = own === undefined ? `${table.name}_id_seq` : `${own}_s${i}`;
    } else if (table.choice.id === 'shared') {
      table.idType = 'bigint';
    }
  }
  const owners = tables.filter((t) => t.sequence !== undefined);
  const sharing = new Map<number, string>();
  tables.forEach((table, i) => {
    if (table.parent === undefined && table.choice.id === 'shared') {
      const owner = pick(owners, i);
      if (owner === undefined) table.idType = 'integer';
      else sharing.set(i, owner.sequence!);
    }
  });
  // A sequence named apart, or read by a table created before its owner, is created on its own and owned after.
  const standalone = new Set<string>();
  const readEarlier = new Set<number>();
  tables.forEach((table, i) => {
    if (table.sequence === undefined) return;
    if ([...sharing].some(([reader, sequence]) => sequence === table.sequence && reader < i)) readEarlier.add(i);
    if (readEarlier.has(i) || table.choice.sequencePrefix !== undefined) standalone.add(table.sequence);
  });
  for (const table of tables) {
    if (table.sequence !== undefined && standalone.has(table.sequence)) out.push(`CREATE SEQUENCE ${table.sequence};`);
  }

  // Partitioned tables, their partitions and indexes.
  const partitioned: Relation[] = [];
  const lateKeys: string[] = [];
  choices.partitioned.forEach((choice, i) => {
    const name = `${choice.prefix}_p${i}`;
    const reference = choice.reference === undefined ? undefined : pick(tables, choice.reference);
    const key = choice.wideKey ? 'k, id' : 'k';
    const columns = ['k integer NOT NULL', 'id integer NOT NULL', 'val text'];
    if (reference !== undefined) {
      columns.push(`ref ${reference.idType}`);
      lateKeys.push(`ALTER TABLE ${name} ADD FOREIGN KEY (ref) REFERENCES ${reference.name} (id);`);
    }
    const strategy = choice.range ? 'RANGE' : 'LIST';
    out.push(`CREATE TABLE ${name} (${columns.join(', ')}, PRIMARY KEY (${key})) PARTITION BY ${strategy} (k);`);
    remark(`TABLE ${name}`, choice.comment);
    const index =
      choice.index === 1
        ? `CREATE INDEX ${name}_val_ix ON ${name} (val);`
        : choice.index === 2
          ? `CREATE UNIQUE INDEX ${name}_kv_ux ON ${name} (k, val);`
          : undefined;
    if (index !== undefined && choice.indexFirst) out.push(index);
    choice.partitions.forEach((p, j) => {
      const bound = choice.range ? `FROM (${j * 10}) TO (${j * 10 + 10})` : `IN (${j})`;
      out.push(`CREATE TABLE ${p}_p${i}_${j} PARTITION OF ${name} FOR VALUES ${bound};`);
    });
    if (choice.withDefault) out.push(`CREATE TABLE ${choice.prefix}_p${i}_d PARTITION OF ${name} DEFAULT;`);
    if (index !== undefined && !choice.indexFirst) out.push(index);
    if (index !== undefined) remark(`INDEX ${name}_${choice.index === 1 ? 'val_ix' : 'kv_ux'}`, choice.comment);
    partitioned.push({
      name,
      key: choice.wideKey
        ? [
            { column: 'k', type: 'integer' },
            { column: 'id', type: 'integer' },
          ]
        : [{ column: 'k', type: 'integer' }],
      column: 'val',
    });
  });

  // Plain tables in order; a key into an earlier or partitioned table inline, into a later one after.
  const plain: Relation[] = [];
  tables.forEach((table, i) => {
    const { choice, name } = table;
    const columns: string[] = [];
    if (table.parent === undefined) {
      const shared = sharing.get(i);
      const id =
        shared !== undefined
          ? `bigint DEFAULT nextval('${shared}'::regclass) NOT NULL`
          : table.sequence === undefined
            ? choice.id === 'identity'
              ? 'integer GENERATED BY DEFAULT AS IDENTITY'
              : 'integer NOT NULL'
            : standalone.has(table.sequence)
              ? `bigint DEFAULT nextval('${table.sequence}'::regclass) NOT NULL`
              : 'bigserial';
      columns.push(`id ${id}`);
    }
    // Columns of the types above, or of the row type of a table created before (one whose sequence an
    // earlier table reads too: that table's default is set once the sequence exists).
    const rowTypes = [...plain, ...partitioned].map((t) => ({ name: t.name, literal: `NULL::${t.name}` }));
    choice.columns.forEach((c, j) => columns.push(`c${i}_${j} ${pick([...columnTypes, ...rowTypes], c)!.name}`));
    const helper = choice.helper === undefined ? undefined : pick(helpers, choice.helper.index);
    if (helper !== undefined) {
      const [arg] = helper.args;
      columns.push(
        choice.helper!.inCheck
          ? `h${i} ${arg!.name} CHECK (${helper.name}(h${i}) IS NOT NULL)`
          : `h${i} ${arg!.name} DEFAULT ${helper.name}(${arg!.literal})`,
      );
    }
    const targets = [...plain, ...partitioned];
    const target = choice.reference === undefined ? undefined : pick(targets, choice.reference);
    if (target !== undefined) {
      const refColumns = target.key.map((k) => `ref${i}_${k.column}`);
      target.key.forEach((k, j) => columns.push(`${refColumns[j]} ${k.type}`));
      columns.push(
        `FOREIGN KEY (${refColumns.join(', ')}) REFERENCES ${target.name} (${target.key.map((k) => k.column).join(', ')})`,
      );
    }
    const later =
      choice.cycle === undefined || i === tables.length - 1
        ? undefined
        : tables[i + 1 + (choice.cycle % (tables.length - i - 1))];
    if (later !== undefined) {
      columns.push(`back${i}_id ${later.idType}`);
      lateKeys.push(`ALTER TABLE ${name} ADD FOREIGN KEY (back${i}_id) REFERENCES ${later.name} (id);`);
    }
    // An inheriting table's key is UNIQUE: its PRIMARY KEY on the inherited id gives it, on PostgreSQL 18,
    // a NOT NULL constraint named for the child, which the round trip names for the parent (a gap).
    columns.push(table.parent === undefined ? 'PRIMARY KEY (id)' : 'UNIQUE (id)');
    const inherits = table.parent === undefined ? '' : ` INHERITS (${tables[table.parent]!.name})`;
    out.push(`CREATE TABLE ${name} (${columns.join(', ')})${inherits};`);
    if (table.sequence !== undefined && standalone.has(table.sequence))
      out.push(`ALTER SEQUENCE ${table.sequence} OWNED BY ${name}.id;`);
    remark(`TABLE ${name}`, choice.comment);
    if (choice.columns.length > 0) remark(`COLUMN ${name}.c${i}_0`, choice.comment);
    plain.push({ name, key: [{ column: 'id', type: table.idType }], column: 'id' });
  });
  out.push(...lateKeys);

  // Domains over the row type of a table.
  const relations = [...plain, ...partitioned];
  const rowDomains = choices.rowDomains.map((choice, i) => {
    const name = `${choice.prefix}_rd${i}`;
    const over = pick(relations, choice.table)!;
    out.push(`CREATE DOMAIN ${name} AS ${over.name}${choice.check ? ' CHECK ((VALUE).id IS NOT NULL)' : ''};`);
    remark(`DOMAIN ${name}`, choice.comment);
    return { name, over };
  });

  // Routines and views, each over what came before.
  const routines: Routine[] = [];
  const views: Relation[] = [];
  choices.readers.forEach((reader, i) => {
    if ('routine' in reader) {
      const routine = buildRoutine(reader.routine, i, {
        enums,
        domains,
        composites,
        relations,
        views,
        rowDomains,
        routines,
      });
      out.push(routine.sql);
      remark(
        `FUNCTION ${routine.routine.name}(${routine.routine.args.map((a) => a.name).join(', ')})`,
        reader.routine.comment,
      );
      routines.push(routine.routine);
    } else {
      const view = buildView(reader.view, i, { relations, views, routines, partitioned });
      out.push(view.sql);
      remark(`${reader.view.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${view.relation.name}`, reader.view.comment);
      views.push(view.relation);
    }
  });

  return [...out, ...comments].join('\n');
}

interface Readable {
  enums: ValueType[];
  domains: ValueType[];
  composites: ValueType[];
  relations: Relation[];
  views: Relation[];
  rowDomains: { name: string; over: Relation }[];
  routines: Routine[];
}

/** One SQL function of the shape chosen, over the objects it reads; a plain one when they are missing. */
function buildRoutine(choice: RoutineChoice, i: number, r: Readable): { sql: string; routine: Routine } {
  const name = `${choice.prefix}_f${i}`;
  const volatility = choice.volatile ? 'VOLATILE' : 'STABLE';
  const make = (args: ValueType[], returns: string, setOf: boolean, body: string) => {
    const params = args.map((a, j) => `x${j} ${a.name}`).join(', ');
    const sql = `CREATE FUNCTION ${name}(${params}) RETURNS ${setOf ? 'SETOF ' : ''}${returns} LANGUAGE sql ${volatility} AS $$ ${body} $$;`;
    return { sql, routine: { name, args, returns, setOf } };
  };
  const shapes = [
    () => {
      const domain = pick(r.rowDomains, choice.target);
      if (domain === undefined) return undefined;
      return make([{ name: domain.name, literal: `NULL::${domain.name}` }], 'text', false, `SELECT (x0).id::text`);
    },
    () => {
      const domain = pick(r.rowDomains, choice.target);
      if (domain === undefined) return undefined;
      return make(
        [BASE_TYPES[0]!],
        domain.name,
        true,
        `SELECT r::${domain.name} FROM ${domain.over.name} r WHERE r.id = x0`,
      );
    },
    () => {
      const domain = pick(r.domains, choice.target);
      return domain === undefined ? undefined : make([domain], domain.name, false, 'SELECT x0');
    },
    () => {
      const relation = pick([...r.relations, ...r.views], choice.target);
      if (relation === undefined) return undefined;
      const row = { name: relation.name, literal: `NULL::${relation.name}` };
      return make([row], 'text', false, `SELECT (x0).${relation.column}::text`);
    },
    () => {
      const e = pick(r.enums, choice.target);
      return e === undefined ? undefined : make([e], 'text', false, 'SELECT x0::text');
    },
    () => {
      const relation = pick([...r.relations, ...r.views], choice.target);
      return relation === undefined ? undefined : make([], relation.name, true, `SELECT * FROM ${relation.name}`);
    },
    () => {
      const c = pick(r.composites, choice.target);
      return c === undefined ? undefined : make([c], c.name, false, 'SELECT x0');
    },
    () => {
      const callee = pick(r.routines, choice.target);
      if (callee === undefined) return undefined;
      const args = callee.args.map((_, j) => `x${j}`).join(', ');
      return make(callee.args, callee.returns, callee.setOf, `SELECT ${callee.name}(${args})`);
    },
  ];
  return shapes[choice.shape % shapes.length]!() ?? make([BASE_TYPES[0]!], 'integer', false, 'SELECT x0 + 1');
}

/** One view of the shape chosen, over the objects it reads; over a plain table when they are missing. */
function buildView(
  choice: ViewChoice,
  i: number,
  r: Pick<Readable, 'relations' | 'views' | 'routines'> & { partitioned: Relation[] },
): { sql: string; relation: Relation } {
  const name = `${choice.prefix}_v${i}`;
  const overTable = (): { query: string; column: string } => {
    const t = pick(r.relations, choice.target)!;
    return { query: `SELECT x.id, x.${t.column} AS col FROM ${t.name} x WHERE x.id > 0`, column: 'id' };
  };
  const shapes = [
    overTable,
    () => {
      const f = pick(r.routines, choice.target);
      if (f === undefined) return undefined;
      const call = `${f.name}(${f.args.map((a) => a.literal).join(', ')})`;
      return f.setOf
        ? { query: `SELECT r.* FROM ${call} r`, column: 'id' }
        : { query: `SELECT 1 AS id, ${call} AS r`, column: 'id' };
    },
    () => {
      const v = pick(r.views, choice.target);
      return v === undefined
        ? undefined
        : { query: `SELECT v.* FROM ${v.name} v WHERE v.id IS NOT NULL`, column: 'id' };
    },
    () => {
      const v = pick(r.views, choice.target);
      const t = pick(r.relations, choice.target + 1)!;
      return v === undefined
        ? undefined
        : { query: `SELECT x.id, (SELECT count(*) FROM ${v.name}) AS n FROM ${t.name} x`, column: 'n' };
    },
    () => {
      const p = pick(r.partitioned, choice.target);
      return p === undefined ? undefined : { query: `SELECT p.id, p.k, p.val FROM ${p.name} p`, column: 'val' };
    },
  ];
  const { query, column } = shapes[choice.shape % shapes.length]!() ?? overTable();
  if (!choice.materialized) return { sql: `CREATE VIEW ${name} AS ${query};`, relation: { name, key: [], column } };
  const index = `CREATE INDEX ${name}_ix ON ${name} (${column});`;
  return {
    sql: `CREATE MATERIALIZED VIEW ${name} AS ${query} WITH NO DATA;\n${index}`,
    relation: { name, key: [], column },
  };
}
