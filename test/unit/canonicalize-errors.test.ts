import { describe, expect, it } from 'vitest';
import { asResourceError, modelLoadError } from '../../src/canonical/canonical-errors.js';

/** An error as node-postgres raises it: a message, a SQLSTATE code and sometimes a hint. */
function serverError(message: string, code: string, hint?: string): Error {
  return Object.assign(new Error(message), { code, ...(hint ? { hint } : {}) });
}

describe('an error while the model is created in scratch schemas', () => {
  it('names the object Postgres refuses, as a limitation of Athanor where pull wrote it, with the scratch schema names taken out', () => {
    const error = modelLoadError(
      'table orders',
      serverError('type "athanor_canon_ab12_1.moneyy" does not exist', '42704'),
    );
    expect(error.code).toBe('model-refused');
    expect(error.message).toBe(
      'the model does not load into Postgres (table orders): type "moneyy" does not exist. ' +
        'If `migrate pull` wrote it from a database, Athanor cannot yet create table orders as the database holds it: ' +
        'a limitation of Athanor, to report; if it was written by hand, check its declaration',
    );
    expect(error.message).not.toContain('fix the model file');
  });

  it("is a server resource problem, never the model's, for SQLSTATE class 53, naming the setting to raise", () => {
    const locks = modelLoadError(
      'a foreign key',
      serverError('out of shared memory', '53200', 'You might need to increase max_locks_per_transaction.'),
    );
    expect(locks.code).toBe('server-resource');
    expect(locks.message).toBe(
      'the server ran short of a resource while the model was created in scratch schemas (a foreign key): out of shared memory. ' +
        'You might need to increase max_locks_per_transaction, or retry when the server is less busy; this is not a fault in the model file',
    );
    expect(locks.message).not.toContain('fix the model file');
    const connections = modelLoadError('table t', serverError('sorry, too many clients already', '53300'));
    expect(connections.code).toBe('server-resource');
    expect(connections.message).toContain('max_connections');
    expect(
      modelLoadError('table t', serverError('could not extend file: No space left on device', '53100')).message,
    ).toContain('disk');
  });

  it("says an extension the server does not have as the server's lack, with what to do, never as a limitation", () => {
    const missing = modelLoadError(
      'extension pg_stat_statements',
      serverError(
        'extension "pg_stat_statements" is not available',
        '0A000',
        'The extension must first be installed on the system where PostgreSQL is running.',
      ),
    );
    expect(missing.code).toBe('extension-unavailable');
    expect(missing.message).toBe(
      'the server has no extension pg_stat_statements to create, which the model declares ' +
        '(extension "pg_stat_statements" is not available): install it on the system where PostgreSQL runs, ' +
        'or run against a server that has it',
    );
    // Before PostgreSQL 15 the same lack reads "could not open extension control file".
    const old = modelLoadError(
      'extension ltree',
      serverError('could not open extension control file "/x/ltree.control": No such file or directory', '58P01'),
    );
    expect(old.code).toBe('extension-unavailable');
    // Another refusal of an extension (a version it lacks) stays the model's.
    expect(modelLoadError('extension ltree', serverError('bad version', '22023')).code).toBe('model-refused');
  });

  it('says an object missing from a schema `schemas` leaves out as for the database to have first, never as a limitation', () => {
    const outside = (message: string, code: string) =>
      modelLoadError('text search configuration mb_simple', serverError(message, code));
    const dictionary = outside('text search dictionary "public.unaccent" does not exist', '42704');
    expect(dictionary.code).toBe('model-refused');
    expect(dictionary.message).toBe(
      'the model does not load into Postgres (text search configuration mb_simple): text search dictionary "public.unaccent" does not exist. ' +
        'Schema public is not in `schemas`, so the model does not make what it uses there: it must be in this database first ' +
        '(an extension: CREATE EXTENSION ... SCHEMA public), or add public to `schemas` so that the model declares it',
    );
    expect(dictionary.message).not.toContain('limitation');
    expect(outside('function ext.cube(double precision) does not exist', '42883').message).toContain(
      'Schema ext is not in `schemas`',
    );
    expect(outside('relation "audit.log" does not exist', '42P01').message).toContain('Schema audit is not in');
    expect(outside('schema "extensions" does not exist', '3F000').message).toContain('Schema extensions is not in');
    // What is missing from the model's own schemas (scratch names taken out) or pg_catalog stays the model's.
    expect(outside('type "athanor_canon_ab12_1.moneyy" does not exist', '42704').message).toContain(
      'limitation of Athanor',
    );
    expect(outside('type "pg_catalog.moneyy" does not exist', '42704').message).toContain('limitation of Athanor');
    // A routine of the model's own schemas missing, whatever schema its arguments' types are in.
    expect(outside('function athanor_canon_ab12_1.f(public.citext) does not exist', '42883').message).toContain(
      'limitation of Athanor',
    );
    expect(outside('operator does not exist: public.citext = integer', '42883').message).toContain(
      'limitation of Athanor',
    );
  });

  it('says a server short of a resource at any step of a batch (reading it back, say) as such; passes any other error on unchanged', () => {
    const locks = asResourceError(
      'reading the scratch schemas back',
      serverError('out of shared memory', '53200', 'You might need to increase "max_locks_per_transaction".'),
    );
    expect(locks).toMatchObject({ code: 'server-resource' });
    expect((locks as Error).message).toBe(
      'the server ran short of a resource while the model was created in scratch schemas (reading the scratch schemas back): out of shared memory. ' +
        'You might need to increase "max_locks_per_transaction", or retry when the server is less busy; this is not a fault in the model file',
    );
    const other = serverError('relation "x" does not exist', '42P01');
    expect(asResourceError('reading the scratch schemas back', other)).toBe(other);
  });
});
