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
});
