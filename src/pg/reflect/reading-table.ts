import type { TableModel } from '../../schema/model.js';

/** A readonly list type as a list that grows; other types as they are. */
type Growing<T> = T extends readonly (infer E)[] ? E[] : T;

/**
 * A table while the reflector assembles it from its catalog queries: the
 * columns query makes it, then constraints, indexes, index names, policies
 * and column overrides are added to it as their rows come, which gives its
 * fields their order. Once assembled it is a `TableModel` as it is.
 */
export type ReadingTable = { -readonly [K in keyof TableModel]: Growing<TableModel[K]> };
