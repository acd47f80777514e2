import { randomBytes } from 'node:crypto';
import type { ForeignServerModel, ForeignTableModel, SchemaModel } from '../schema/model.js';

/**
 * Foreign servers in the scratch transaction. Servers belong to the
 * database, not to a schema, so the declared ones cannot be created under
 * their own names where the database has them; and the live ones may differ
 * (another wrapper, whose validator would refuse the declared options). Each
 * declared server is created under a scratch name, and the scratch foreign
 * tables use it; their server is named back after reflection.
 */
interface ScratchServers {
  servers: ForeignServerModel[];
  tables: ForeignTableModel[];
  /** The declared server's name, by scratch name. */
  back: Map<string, string>;
}

export function scratchServers(model: SchemaModel): ScratchServers {
  const tag = randomBytes(4).toString('hex');
  const into = new Map(model.foreignServers.map((s, i) => [s.name, `athanor_canon_${tag}_srv_${i}`]));
  return {
    servers: model.foreignServers.map((s) => ({ ...s, name: into.get(s.name)! })),
    tables: model.foreignTables.map((t) => ({ ...t, server: into.get(t.server) ?? t.server })),
    back: new Map([...into].map(([declared, scratch]) => [scratch, declared])),
  };
}

/** Reflected scratch foreign tables with their declared servers' names. */
export function serversNamedBack(
  tables: readonly ForeignTableModel[],
  back: ReadonlyMap<string, string>,
): ForeignTableModel[] {
  return tables.map((t) => ({ ...t, server: back.get(t.server) ?? t.server }));
}
