import { describe, expect, it } from 'vitest';
import { pipelinable } from '../../src/pg/connection/pipeline.js';

describe('pipelinable', () => {
  it.each([
    'CREATE TABLE t (id int)',
    'CREATE TABLE t (id int);',
    'CREATE TABLE t (id int);  -- done',
    "INSERT INTO t VALUES ('a;b')",
    'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$SELECT 1; SELECT 2$$',
    'COMMENT ON TABLE t IS $x$one; two$x$',
    'SELECT 1 /* a; b */',
    '',
  ])('takes one command: %j', (sql) => {
    expect(pipelinable(sql)).toBe(true);
  });

  it.each([
    'CREATE TABLE a (id int); CREATE TABLE b (id int)',
    'SELECT 1;;',
    "CREATE TABLE a (id int); INSERT INTO a VALUES (1) -- 'x'",
    'COPY t FROM STDIN',
    '  copy t (id) from stdin;',
    "COPY t FROM STDIN WITH (DELIMITER ';')",
    'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END',
  ])('leaves a script, COPY and a BEGIN ATOMIC body to run on their own: %j', (sql) => {
    expect(pipelinable(sql)).toBe(false);
  });
});
