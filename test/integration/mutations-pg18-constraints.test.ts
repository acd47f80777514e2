import { expect, inject, it } from 'vitest';
import { runMutation } from '../helpers/mutation.js';
import { skipWhen } from '../helpers/skips.js';

/**
 * PostgreSQL 18's constraint clauses: NOT ENFORCED checks and foreign keys,
 * temporal keys (`WITHOUT OVERLAPS`) and the foreign keys that reference them
 * (`PERIOD`). Autogenerate from the pulled base undoes each change, the
 * downgrade re-applies it, and nothing is left to generate afterwards (see
 * test/helpers/mutation.ts). Older servers refuse them (version-features).
 */
const since18 = (inject('serverVersion') ?? 0) >= 180000;

const base = `
CREATE EXTENSION btree_gist;
CREATE TABLE public.room (id integer NOT NULL, valid tstzrange NOT NULL, name text,
  CONSTRAINT room_pkey PRIMARY KEY (id, valid WITHOUT OVERLAPS));
CREATE TABLE public.booking (id integer PRIMARY KEY, room_id integer, valid tstzrange, guests integer,
  CONSTRAINT booking_room_fkey FOREIGN KEY (room_id, PERIOD valid) REFERENCES public.room (id, PERIOD valid),
  CONSTRAINT booking_guests_check CHECK (guests > 0) NOT ENFORCED);
CREATE TABLE public.note (id integer PRIMARY KEY, booking_id integer,
  CONSTRAINT note_booking_fkey FOREIGN KEY (booking_id) REFERENCES public.booking (id) NOT ENFORCED);
`;

skipWhen(!since18, 'needs a PostgreSQL 18 server: WITHOUT OVERLAPS, PERIOD and NOT ENFORCED').describe(
  'mutations: PostgreSQL 18 constraints',
  { timeout: 240_000 },
  () => {
    it('pulls them as the model writes them', async () => {
      const { project } = await runMutation({ base, mutation: 'ALTER TABLE public.room DROP COLUMN name;' });
      const models = project.read('models.ts');
      expect(models).toContain("primaryKey: { columns: ['id', 'valid'], withoutOverlaps: true }");
      expect(models).toMatch(
        /foreignKey\(\['room_id', 'valid'\], \(\) => room, \['id', 'valid'\], \{[^}]*period: true \}\)/,
      );
      expect(models).toContain('check(sql`(guests > 0)`, { notEnforced: true })');
      expect(models).toMatch(/references\(\(\) => booking\.columns\.id, \{[^}]*notEnforced: true \}\)/);
    });

    it('a NOT ENFORCED check made enforced, and an enforced one made NOT ENFORCED', async () => {
      const { revision } = await runMutation({
        base,
        mutation: `ALTER TABLE public.booking DROP CONSTRAINT booking_guests_check,
          ADD CONSTRAINT booking_guests_check CHECK (guests > 0);
        ALTER TABLE public.room ADD CONSTRAINT room_name_check CHECK (name <> '') NOT ENFORCED;`,
      });
      expect(revision).toContain('notEnforced: true');
    });

    it('a NOT ENFORCED foreign key dropped, and one made enforced', async () => {
      await runMutation({
        base,
        mutation: `ALTER TABLE public.note DROP CONSTRAINT note_booking_fkey;
        ALTER TABLE public.note ADD CONSTRAINT note_booking_fkey FOREIGN KEY (booking_id) REFERENCES public.booking (id);`,
      });
    });

    it('a temporal key and the PERIOD foreign key on it dropped, and a plain key in its place', async () => {
      const { revision } = await runMutation({
        base,
        mutation: `ALTER TABLE public.booking DROP CONSTRAINT booking_room_fkey;
        ALTER TABLE public.room DROP CONSTRAINT room_pkey, ADD CONSTRAINT room_pkey PRIMARY KEY (id, valid);`,
      });
      const upgrade = revision.slice(0, revision.indexOf('downgrade'));
      expect(upgrade).toContain('withoutOverlaps: true');
      expect(upgrade.indexOf('withoutOverlaps: true')).toBeLessThan(upgrade.indexOf('period: true'));
    });

    it('a temporal unique constraint added', async () => {
      await runMutation({
        base,
        mutation: 'ALTER TABLE public.booking ADD CONSTRAINT booking_once UNIQUE (guests, valid WITHOUT OVERLAPS);',
      });
    });
  },
);
