/*
 * A picture as data, before any format: boxes (a table with its rows, a view,
 * an enum, a revision), the edges between them, the groups they are drawn in,
 * and the notes printed beside. The builders (`model-picture.ts`,
 * `revision-picture.ts`, `history-picture.ts`) make one; the renderers
 * (`renderers.ts`) draw it.
 */

/** The formats a picture is written in. */
export const PICTURE_FORMATS = ['svg', 'html', 'mermaid', 'dot'] as const;
export type PictureFormat = (typeof PICTURE_FORMATS)[number];

/** What a revision does to a box or a row; `plain` where it does nothing (or there is no revision). */
export const MARKS = ['plain', 'added', 'changed', 'dropped'] as const;
export type Mark = (typeof MARKS)[number];

/** What a box stands for. */
export const BOX_KINDS = ['table', 'partitioned', 'view', 'materialized', 'enum', 'revision', 'operations'] as const;
export type BoxKind = (typeof BOX_KINDS)[number];

/** What an edge says. */
export const EDGE_KINDS = [
  'foreign-key',
  'partition-of',
  'inherits',
  'uses',
  'parent',
  'depends-on',
  'replaces',
] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

/** One line inside a box: a column (name, type, keys, nullability), an enum value, an operation. */
export interface Row {
  readonly name: string;
  /** What follows the name: a column's type, an operation's lock. */
  readonly detail: string;
  /** Short tags: PK, FK, UQ, NULL; an operation's hazard codes. */
  readonly tags: readonly string[];
  readonly mark: Mark;
  /** The port an edge may start or end at (a column's name), when one can. */
  readonly port?: string;
}

export interface Box {
  /** Unique in the picture; also what search finds. */
  readonly id: string;
  readonly kind: BoxKind;
  /** The schema it is in (entity pictures group by it). */
  readonly schema?: string;
  /** The title line (`public.actor`, a revision id). */
  readonly title: string;
  /** A line under the title (a revision's message, labels). */
  readonly subtitle?: string;
  readonly rows: readonly Row[];
  readonly mark: Mark;
  /** The database's current revision. */
  readonly current?: boolean;
}

export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  /** A foreign key's name and columns, ... */
  readonly label: string;
  readonly fromPort?: string;
  readonly toPort?: string;
}

/** Boxes drawn together: a schema, a connected component inside it. */
export interface Group {
  readonly id: string;
  readonly label: string;
  readonly boxes: readonly string[];
  readonly groups: readonly Group[];
}

export interface Picture {
  readonly title: string;
  /** Boxes in the order they are listed (Mermaid and DOT keep it). */
  readonly boxes: readonly Box[];
  readonly edges: readonly Edge[];
  /** Top-level groups; a box in none is drawn at the top level. */
  readonly groups: readonly Group[];
  /** Lines printed under the picture: what was left out, a legend. */
  readonly notes: readonly string[];
  /** Layout direction: entity pictures left to right, histories top to bottom. */
  readonly direction: 'LR' | 'TB';
}

/** The boxes of a group and of the groups inside it. */
export function boxesOf(group: Group): string[] {
  return [...group.boxes, ...group.groups.flatMap(boxesOf)];
}
