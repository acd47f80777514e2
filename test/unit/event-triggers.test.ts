import { describe, expect, it } from 'vitest';
import { defineMetadata } from '../../src/index.js';
import { buildSchemaModel } from '../../src/schema/build/build.js';

describe('metadata.eventTrigger()', () => {
  it('builds the model sorted by name: the function split at its schema, tags upper case, the firing kept', () => {
    const metadata = defineMetadata();
    metadata.eventTrigger('reload_cache', { event: 'ddl_command_end', function: 'reload', firing: 'always' });
    metadata.eventTrigger('audit_ddl', {
      event: 'ddl_command_start',
      function: 'audit.on_ddl',
      tags: ['create table', 'ALTER TABLE'],
    });
    const model = buildSchemaModel(metadata);
    expect(model.eventTriggers).toEqual([
      {
        name: 'audit_ddl',
        event: 'ddl_command_start',
        tags: ['CREATE TABLE', 'ALTER TABLE'],
        functionSchema: 'audit',
        function: 'on_ddl',
      },
      {
        name: 'reload_cache',
        event: 'ddl_command_end',
        functionSchema: 'public',
        function: 'reload',
        firing: 'always',
      },
    ]);
  });

  it('refuses one declared twice in one line, whatever the order of the others', () => {
    const metadata = defineMetadata();
    metadata.eventTrigger('b', { event: 'sql_drop', function: 'f' });
    metadata.eventTrigger('a', { event: 'sql_drop', function: 'f' });
    metadata.eventTrigger('b', { event: 'ddl_command_end', function: 'g' });
    expect(() => buildSchemaModel(metadata)).toThrow(
      /^event trigger b: is declared twice; declare each event trigger once$/,
    );
  });
});
