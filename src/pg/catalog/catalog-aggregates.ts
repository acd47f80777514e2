/**
 * A part of the routines statement (catalog-objects.ts), for the row `p` of
 * pg_proc joined to its schema `ns`.
 */

/** An aggregate rebuilt as `CREATE OR REPLACE AGGREGATE`, since `pg_get_functiondef()` refuses aggregates. */
export const AGGREGATE_DEFINITION = `(
  SELECT format('CREATE OR REPLACE AGGREGATE %s.%s(%s) (%s)', quote_ident(ns.nspname), quote_ident(p.proname),
    COALESCE(NULLIF(pg_get_function_arguments(p.oid), ''), '*'),
    concat_ws(', ',
      'SFUNC = ' || a.aggtransfn::regproc::text,
      'STYPE = ' || format_type(a.aggtranstype, NULL),
      CASE WHEN a.aggtransspace <> 0 THEN 'SSPACE = ' || a.aggtransspace END,
      CASE WHEN a.aggfinalfn <> 0 THEN 'FINALFUNC = ' || a.aggfinalfn::regproc::text END,
      CASE WHEN a.aggfinalextra THEN 'FINALFUNC_EXTRA' END,
      CASE WHEN a.aggkind = 'n' AND a.aggfinalmodify = 's' THEN 'FINALFUNC_MODIFY = SHAREABLE'
           WHEN a.aggkind = 'n' AND a.aggfinalmodify = 'w' THEN 'FINALFUNC_MODIFY = READ_WRITE' END,
      CASE WHEN a.aggcombinefn <> 0 THEN 'COMBINEFUNC = ' || a.aggcombinefn::regproc::text END,
      CASE WHEN a.aggserialfn <> 0 THEN 'SERIALFUNC = ' || a.aggserialfn::regproc::text END,
      CASE WHEN a.aggdeserialfn <> 0 THEN 'DESERIALFUNC = ' || a.aggdeserialfn::regproc::text END,
      CASE WHEN a.agginitval IS NOT NULL THEN 'INITCOND = ' || quote_literal(a.agginitval) END,
      CASE WHEN a.aggmtransfn <> 0 THEN 'MSFUNC = ' || a.aggmtransfn::regproc::text END,
      CASE WHEN a.aggminvtransfn <> 0 THEN 'MINVFUNC = ' || a.aggminvtransfn::regproc::text END,
      CASE WHEN a.aggmtranstype <> 0 THEN 'MSTYPE = ' || format_type(a.aggmtranstype, NULL) END,
      CASE WHEN a.aggmtransspace <> 0 THEN 'MSSPACE = ' || a.aggmtransspace END,
      CASE WHEN a.aggmfinalfn <> 0 THEN 'MFINALFUNC = ' || a.aggmfinalfn::regproc::text END,
      CASE WHEN a.aggmfinalextra THEN 'MFINALFUNC_EXTRA' END,
      CASE WHEN a.aggminitval IS NOT NULL THEN 'MINITCOND = ' || quote_literal(a.aggminitval) END,
      CASE WHEN a.aggsortop <> 0 THEN (
        SELECT format('SORTOP = OPERATOR(%s.%s)', quote_ident(opn.nspname), o.oprname)
        FROM pg_operator o JOIN pg_namespace opn ON opn.oid = o.oprnamespace WHERE o.oid = a.aggsortop) END,
      CASE p.proparallel WHEN 's' THEN 'PARALLEL = SAFE' WHEN 'r' THEN 'PARALLEL = RESTRICTED' END,
      CASE WHEN a.aggkind = 'h' THEN 'HYPOTHETICAL' END))
  FROM pg_aggregate a WHERE a.aggfnoid = p.oid)`;
