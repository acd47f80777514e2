import { describe, it } from 'vitest';
import { defineMetadata, grant, integer, revoke, text } from '../../src/schema/index.js';

describe('privileges: types', () => {
  it("checks a table grant's columns against the table's", () => {
    const m = defineMetadata();
    m.table('t', { id: integer(), name: text() }, { grants: [grant(['update'], 'a', { columns: ['name'] })] });
    // @ts-expect-error: no such column
    m.table('u', { id: integer() }, { grants: [grant(['update'], 'a', { columns: ['nope'] })] });
    // @ts-expect-error: not a privilege
    m.table('v', { id: integer() }, { grants: [grant(['read'], 'a')] });
    m.grants({ function: 'f', argumentTypes: 'integer' }, [revoke(['execute'], 'PUBLIC')]);
  });

  it('names a wrapper or server alone: they are in no schema', () => {
    const m = defineMetadata();
    m.grants({ foreignDataWrapper: 'postgres_fdw' }, [grant(['usage'], 'app')]);
    m.foreignServer('films', { wrapper: 'postgres_fdw', grants: [grant(['usage'], 'app', { withGrantOption: true })] });
    // @ts-expect-error: a server is in no schema
    m.grants({ foreignServer: 'films', schema: 'api' }, [grant(['usage'], 'app')]);
  });

  it('types the scope of default privileges: no inSchema for schemas, no columns, privileges by name', () => {
    const m = defineMetadata();
    m.defaultPrivileges({ on: 'tables', forRole: 'owner', inSchema: 'api' }, [grant(['select'], 'anon')]);
    m.defaultPrivileges({ on: 'routines' }, [revoke(['execute'], 'PUBLIC')]);
    // @ts-expect-error: IN SCHEMA does not apply to schemas
    m.defaultPrivileges({ on: 'schemas', inSchema: 'api' }, [grant(['usage'], 'anon')]);
    // @ts-expect-error: default privileges have no columns
    m.defaultPrivileges({ on: 'tables' }, [grant(['select'], 'anon', { columns: ['a'] })]);
    // @ts-expect-error: not a kind of object
    m.defaultPrivileges({ on: 'views' }, [grant(['select'], 'anon')]);
    m.grants({ type: 'mood' }, [revoke(['usage'], 'PUBLIC')]);
    m.grants({ domain: 'email', schema: 'api' }, [grant(['usage'], 'anon')]);
  });

  it('names an object only owned by its kind: statistics in a schema, a publication alone', () => {
    const m = defineMetadata();
    m.owner({ statistics: 'item_stats', schema: 'app' }, 'analyst');
    m.owner({ textSearchConfiguration: 'search' }, 'admin');
    m.owner({ publication: 'feed' }, 'replicator');
    // @ts-expect-error: a publication is in no schema
    m.owner({ publication: 'feed', schema: 'app' }, 'replicator');
    // @ts-expect-error: no privilege is granted on statistics
    m.grants({ statistics: 'item_stats' }, [grant(['select'], 'anon')]);
  });
});
