import { describe, expect, it } from 'vitest';
import { readableByNewerServers } from '../../src/sql/routine-header.js';

const BODY = ` RETURNS json\n LANGUAGE sql\nAS $function$ SELECT json FROM t WHERE json_value IS NULL $function$`;

describe('a routine definition written so that newer servers read it', () => {
  it('quotes parameter and RETURNS TABLE column names that PostgreSQL 16 on reads as keywords', () => {
    expect(
      readableByNewerServers(
        `CREATE OR REPLACE FUNCTION public.f(json json, OUT json_query json, IN json_table integer DEFAULT 1, VARIADIC merge_action text[] DEFAULT '{}'::text[])\n RETURNS TABLE(system_user text, json_value json)\n LANGUAGE sql\nAS $$ SELECT 'x', json $$`,
      ),
    ).toBe(
      `CREATE OR REPLACE FUNCTION public.f("json" json, OUT "json_query" json, IN "json_table" integer DEFAULT 1, VARIADIC "merge_action" text[] DEFAULT '{}'::text[])\n RETURNS TABLE("system_user" text, "json_value" json)\n LANGUAGE sql\nAS $$ SELECT 'x', json $$`,
    );
  });

  it('leaves types, defaults, bodies, quoted names and other names as they are', () => {
    for (const definition of [
      `CREATE OR REPLACE FUNCTION public.f(json, json[], jsonb DEFAULT '{}'::json::jsonb)${BODY}`,
      `CREATE OR REPLACE FUNCTION "s"."json"("json" json, doc json, OUT "json_query" json)${BODY}`,
      `CREATE OR REPLACE PROCEDURE public.p(json_x numeric(10,2), INOUT x json)\n LANGUAGE sql\nBEGIN ATOMIC\n SELECT json_value;\nEND`,
      `CREATE OR REPLACE FUNCTION public.g(a integer)${BODY}`,
    ])
      expect(readableByNewerServers(definition)).toBe(definition);
  });
});
