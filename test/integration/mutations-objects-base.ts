/**
 * The base schema of the mutation suites for objects besides tables and
 * enums (mutations-objects*.test.ts): domains (one that needs quoting),
 * sequences (standalone, behind a nextval() default, owned by a column),
 * functions, a trigger, views on views and on functions, a materialized view
 * with a unique index, a view in another schema, and comments.
 */
export const OBJECTS_BASE = `
CREATE SCHEMA reporting;
CREATE DOMAIN public.positive_int AS integer CHECK (VALUE > 0);
CREATE DOMAIN public."bıgınt" AS bigint;
CREATE SEQUENCE public.order_no START WITH 1000;
CREATE SEQUENCE public.spare_seq INCREMENT BY 2;
CREATE TABLE public.customer (
  id serial PRIMARY KEY,
  name text NOT NULL,
  score public.positive_int
);
CREATE TABLE public.orders (
  id integer PRIMARY KEY DEFAULT nextval('public.order_no'),
  customer_id integer REFERENCES public.customer (id),
  amount numeric(10,2) NOT NULL,
  big public."bıgınt",
  line integer,
  updated_at timestamptz
);
CREATE SEQUENCE public.line_seq OWNED BY public.orders.line;
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at = now();
  RETURN NEW;
END $$;
CREATE FUNCTION public.order_total(c integer) RETURNS numeric LANGUAGE sql STABLE
  AS $$ SELECT coalesce(sum(amount), 0) FROM public.orders WHERE customer_id = c $$;
CREATE TRIGGER orders_touch BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.touch();
CREATE VIEW public.customer_totals AS SELECT c.id, c.name, public.order_total(c.id) AS total FROM public.customer c;
CREATE VIEW public.big_customers AS SELECT id, name FROM public.customer_totals WHERE total > 100;
CREATE MATERIALIZED VIEW public.order_stats AS SELECT customer_id, count(*) AS n FROM public.orders GROUP BY customer_id;
CREATE UNIQUE INDEX order_stats_customer ON public.order_stats (customer_id);
CREATE VIEW reporting.summary AS SELECT count(*) AS orders FROM public.orders;
COMMENT ON TABLE public.orders IS 'Orders placed';
COMMENT ON COLUMN public.orders.amount IS 'In euros';
COMMENT ON VIEW public.customer_totals IS 'Totals per customer';
COMMENT ON FUNCTION public.order_total(integer) IS 'Sum of a customer''s orders';
`;

/** Drops the two views on customer_totals' columns and creates them again from `totals` (its SELECT list and FROM). */
export function recreateTotals(
  totals: string,
  big = 'SELECT id, name FROM public.customer_totals WHERE total > 100',
): string {
  return `
    DROP VIEW public.big_customers;
    DROP VIEW public.customer_totals;
    CREATE VIEW public.customer_totals AS ${totals};
    CREATE VIEW public.big_customers AS ${big};`;
}

/** Each mutation runs the CLI six times and reads the database's schema four times: slow on PGlite, and on a busy machine. */
export const SLOW = 240_000;
