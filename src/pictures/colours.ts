import type { BoxKind, Mark } from './picture.js';

/** The fill of a box's title by what it is, and of a box or row by what a revision does to it. */
export const KIND_FILL: Readonly<Record<BoxKind, string>> = {
  table: '#dbe7f5',
  partitioned: '#cfdcf0',
  view: '#e8e0f5',
  materialized: '#ddd2f0',
  enum: '#f5ecd9',
  revision: '#e6eef7',
  operations: '#eeeeee',
};

export const MARK_FILL: Readonly<Record<Mark, string | null>> = {
  plain: null,
  added: '#d4f0d4',
  changed: '#fff0c2',
  dropped: '#f8d4d8',
};

/** The database's current revision. */
export const CURRENT_FILL = '#c8f0c8';
