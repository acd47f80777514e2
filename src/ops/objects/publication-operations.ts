import type { IdentityRefusal, PublicationModel, PublicationTableModel } from '../../schema/model.js';
import { DATABASE_NAMED, dropsUnqualified, HARMLESS, RANK, removedOf, type FamilySpecs } from '../families/spec.js';
import { identityHazards, mapIdentityRefusals } from '../hazard-codes.js';
import type { OperationOf } from '../operation.js';
import { footprintOf, relations, thing, type Thing } from '../things.js';
import { mapPublication } from '../../schema/objects/model-publications.js';

/**
 * Publications. A publication belongs to the database. An alter carries the
 * publication before (`from`) and after (`to`): the DDL compiler adds and
 * drops its tables and schemas (`ALTER PUBLICATION ... ADD / DROP`) and sets
 * its options, and the reverse swaps them. None loses data.
 * A create or an alter that starts sending the updates or deletes of a table
 * whose replica identity cannot serve them carries it in `unidentified`
 * (`IdentityRefusal`), the `replica-identity` hazard.
 */
export type PublicationOperation = Readonly<
  | { kind: 'createPublication'; publication: PublicationModel; unidentified?: readonly IdentityRefusal[] }
  | { kind: 'dropPublication'; name: string; removed?: PublicationModel }
  | {
      kind: 'alterPublication';
      name: string;
      from: PublicationModel;
      to: PublicationModel;
      unidentified?: readonly IdentityRefusal[];
    }
>;

declare module '../operation.js' {
  interface OperationFamilies {
    readonly publication: PublicationOperation;
  }
}

export const PUBLICATION_SPECS: FamilySpecs<PublicationOperation['kind']> = {
  createPublication: {
    ...DATABASE_NAMED,
    summary:
      'Creates a publication: its tables (with column lists and row filters), schemas and options. `unidentified` names the tables whose UPDATE or DELETE Postgres refuses from then on, for the hazard; it changes no SQL.',
    destructive: () => false,
    hazards: (op) => identityHazards(op.unidentified),
    describe: (op) => `create publication ${op.publication.name}${publicationScope(op.publication)}`,
    reverse: (op) => ({ kind: 'dropPublication', name: op.publication.name, removed: op.publication }),
    // What a publication lists must exist; a table it stops listing is dropped after.
    footprint: (op) => footprintOf({ needs: publicationUses(op.publication) }),
    example: {
      publication: {
        name: 'changes',
        allTables: false,
        tables: [{ schema: 'public', table: 'items', columns: ['id', 'kind'], where: "kind <> 'draft'::text" }],
        schemas: [],
        publish: ['insert', 'update', 'delete'],
        viaRoot: false,
      },
    },
    tieBreak: (op) => [RANK.first, op.publication.name],
    // A tenant's publication lists the tenant's tables and schemas; its name stays.
    mapNames: (op, map) => ({
      ...op,
      publication: mapPublication(op.publication, map),
      ...mapIdentityRefusals(op.unidentified, map),
    }),
  },
  dropPublication: {
    drops: dropsUnqualified('publication'),
    ...DATABASE_NAMED,
    summary: 'Drops a publication (subscribers stop receiving its changes).',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeDropPublication,
    reverse: (op) => ({ kind: 'createPublication', publication: removedOf(describeDropPublication(op), op.removed) }),
    footprint: (op) => footprintOf({ releases: op.removed === undefined ? [] : publicationUses(op.removed) }),
    example: { name: 'changes' },
    tieBreak: (op) => [RANK.first, op.name],
    mapNames: (op, map) => ({ ...op, ...(op.removed ? { removed: mapPublication(op.removed, map) } : {}) }),
  },
  alterPublication: {
    ...DATABASE_NAMED,
    summary:
      "Adds and drops a publication's tables and schemas, and sets its options, in place. `unidentified` as `createPublication`'s.",
    destructive: () => false,
    hazards: (op) => identityHazards(op.unidentified),
    describe: (op) => `alter publication ${op.name}: ${publicationChanges(op.from, op.to).join(', ')}`,
    reverse: (op) => ({ kind: 'alterPublication', name: op.name, from: op.to, to: op.from }),
    footprint: (op) => {
      const kept = new Set(publicationUses(op.to));
      return footprintOf({ needs: [...kept], releases: publicationUses(op.from).filter((t) => !kept.has(t)) });
    },
    example: {
      name: 'changes',
      from: {
        name: 'changes',
        allTables: false,
        tables: [{ schema: 'public', table: 'items' }],
        schemas: [],
        publish: ['insert', 'update', 'delete', 'truncate'],
        viaRoot: false,
      },
      to: {
        name: 'changes',
        allTables: false,
        tables: [
          { schema: 'public', table: 'items' },
          { schema: 'public', table: 'orders' },
        ],
        schemas: [],
        publish: ['insert', 'update', 'delete', 'truncate'],
        viaRoot: true,
      },
      unidentified: [
        {
          publication: 'changes',
          schema: 'public',
          table: 'orders',
          refused: ['UPDATE', 'DELETE'],
          why: 'it has no primary key and no replica identity',
        },
      ],
    },
    tieBreak: (op) => [RANK.first, op.name],
    mapNames: (op, map) => ({
      ...op,
      from: mapPublication(op.from, map),
      to: mapPublication(op.to, map),
      ...mapIdentityRefusals(op.unidentified, map),
    }),
  },
};

function describeDropPublication(op: OperationOf<'dropPublication'>): string {
  return `drop publication ${op.name}`;
}

/** ` for all tables`, ` for 2 tables`, ` for 1 table and 1 schema`; '' for none. */
function publicationScope(publication: PublicationModel): string {
  if (publication.allTables) return ' for all tables';
  const counted = (n: number, what: string): string[] => (n === 0 ? [] : [`${n} ${what}${n === 1 ? '' : 's'}`]);
  const parts = [...counted(publication.tables.length, 'table'), ...counted(publication.schemas.length, 'schema')];
  return parts.length === 0 ? '' : ` for ${parts.join(' and ')}`;
}

function tableKey(t: PublicationTableModel): string {
  return `${t.schema}.${t.table}`;
}

/** What differs, for people: `add table public.a`, `drop schema app`, `publish`, `publish_via_partition_root`. */
export function publicationChanges(from: PublicationModel, to: PublicationModel): string[] {
  const before = new Map(from.tables.map((t) => [tableKey(t), t]));
  const after = new Map(to.tables.map((t) => [tableKey(t), t]));
  return [
    ...(from.allTables === to.allTables ? [] : [to.allTables ? 'all tables' : 'not all tables']),
    ...[...before.keys()].filter((k) => !after.has(k)).map((k) => `drop table ${k}`),
    ...[...after.entries()]
      .filter(([k, t]) => before.has(k) && !samePublicationTable(before.get(k)!, t))
      .map(([k]) => `change table ${k}`),
    ...[...after.keys()].filter((k) => !before.has(k)).map((k) => `add table ${k}`),
    ...from.schemas.filter((s) => !to.schemas.includes(s)).map((s) => `drop schema ${s}`),
    ...to.schemas.filter((s) => !from.schemas.includes(s)).map((s) => `add schema ${s}`),
    ...(from.publish.join() === to.publish.join() ? [] : ['publish']),
    ...(from.viaRoot === to.viaRoot ? [] : ['publish_via_partition_root']),
  ];
}

/** Whether a table is published alike: the same column list and row filter. */
export function samePublicationTable(a: PublicationTableModel, b: PublicationTableModel): boolean {
  return (a.columns ?? []).join('\0') === (b.columns ?? []).join('\0') && a.where === b.where;
}

/** The tables and schemas a publication lists. */
function publicationUses(publication: PublicationModel): Thing[] {
  return [...relations(publication.tables), ...publication.schemas.map(thing.schema)];
}
