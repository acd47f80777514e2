import type { TenantDrift } from '../commands/compare/check.js';
import type { CurrentResult } from '../commands/revisions/inspect.js';
import type { ExpandResult } from '../commands/apply/expand.js';
import type { RunFlags } from '../commands/shared/project.js';
import type { StampResult } from '../commands/apply/stamp.js';
import type { TenantScript } from '../commands/shared/fleet.js';
import type { MigrateResult } from '../commands/apply/upgrade.js';
import type { VerifyResult } from '../commands/apply/verify.js';
import { AthanorError } from '../util/errors.js';
import { commands, type CliContext } from './context.js';
import { fleetFlags, printFleet, versionsText as at, type FleetOptionValues, type TenantView } from './fleet.js';

/** The `--tenants` branch of each command that runs on a fleet. */

type Selected = FleetOptionValues & { tenants: string };

const moved: TenantView<MigrateResult | StampResult> = {
  record: (r) => ({ from: r.previous, to: r.current }),
  cells: (r) => ({
    from: at(r.previous),
    to: at(r.current),
    ...(r.previous.join() === r.current.join() ? { note: 'nothing to do' } : {}),
  }),
};

const scripts: TenantView<TenantScript> = {
  record: (r) => ({ from: r.from, to: r.to, file: r.file }),
  cells: (r) => ({ from: at(r.from), to: at(r.to), note: r.file }),
};

/** Where `--sql --tenants` writes its scripts. */
function sqlDir(o: { sqlDir?: string }): string {
  if (!o.sqlDir)
    throw new AthanorError(
      'bad-option',
      '--sql with --tenants writes one script per tenant: add --sql-dir DIR (the folder to write them to)',
    );
  return o.sqlDir;
}

export async function migrateFleet(
  ctx: CliContext,
  direction: 'up' | 'down',
  target: string,
  o: Selected & { sql?: boolean; sqlDir?: string },
  flags: RunFlags,
): Promise<void> {
  const cmd = await commands.upgrade();
  const fleet = fleetFlags(ctx.out, o);
  if (o.sql)
    return printFleet(
      ctx.out,
      await cmd.migrationSqlTenants(ctx.opts(), direction, target, fleet, sqlDir(o), flags),
      !!o.json,
      scripts,
    );
  const run = direction === 'up' ? cmd.upgradeTenants : cmd.downgradeTenants;
  printFleet(ctx.out, await run(ctx.opts(), target, fleet, flags), !!o.json, moved);
}

/** `upgrade --expand`, `contract` and `abort` with `--tenants`: per tenant, the revisions and the version schema. */
export async function expandFleet(
  ctx: CliContext,
  verb: 'expand' | 'contract' | 'abort',
  target: string | null,
  o: Selected,
  flags: RunFlags = {},
): Promise<void> {
  const cmd = await commands.expand();
  const fleet = fleetFlags(ctx.out, o);
  const view: TenantView<ExpandResult> = {
    record: (r) => ({ revisions: r.revisions, versionSchema: r.versionSchema, resumed: r.resumed }),
    columns: ['', verb === 'expand' ? 'expanded' : verb === 'contract' ? 'contracted' : 'aborted'],
    cells: (r) => ({
      from: '',
      to: r.revisions.join(','),
      note:
        (verb === 'expand' ? `served in schema ${r.versionSchema}` : '') +
        (r.resumed ? `${verb === 'expand' ? '; ' : ''}finished the run that stopped` : ''),
    }),
  };
  const outcomes =
    verb === 'expand'
      ? await cmd.expandUpgradeTenants(ctx.opts(), target!, fleet, flags)
      : await (verb === 'contract' ? cmd.contractTenants : cmd.abortTenants)(ctx.opts(), fleet);
  printFleet(ctx.out, outcomes, !!o.json, view);
}

export async function stampFleet(
  ctx: CliContext,
  targets: string[],
  o: Selected & { purge?: boolean; sql?: boolean; sqlDir?: string },
): Promise<void> {
  const cmd = await commands.stamp();
  const fleet = fleetFlags(ctx.out, o);
  if (o.sql) {
    if (targets.length !== 1)
      throw new AthanorError('bad-option', 'stamp --sql takes one [FROM:]TARGET, e.g. `migrate stamp --sql base:head`');
    return printFleet(
      ctx.out,
      await cmd.stampSqlTenants(ctx.opts(), targets[0]!, !!o.purge, fleet, sqlDir(o)),
      !!o.json,
      scripts,
    );
  }
  printFleet(ctx.out, await cmd.stampTenants(ctx.opts(), targets, !!o.purge, fleet), !!o.json, moved);
}

export async function currentFleet(ctx: CliContext, o: Selected): Promise<void> {
  const view: TenantView<CurrentResult> = {
    record: (r) => ({ current: r.current, unknown: r.unknown, ...(r.expand ? { expand: r.expand } : {}) }),
    columns: ['', 'current'],
    cells: (r) => {
      const notes = [
        ...(r.expand === undefined
          ? []
          : [`serving ${r.expand.revisions.join(',')} too, in schema ${r.expand.versionSchema} (${r.expand.phase})`]),
        ...(r.unknown.length > 0 ? [`no file defines ${r.unknown.join(', ')}`] : []),
      ];
      return { from: '', to: at(r.current), ...(notes.length > 0 ? { note: notes.join('; ') } : {}) };
    },
  };
  printFleet(
    ctx.out,
    await (await commands.inspect()).currentTenants(ctx.opts(), fleetFlags(ctx.out, o)),
    !!o.json,
    view,
  );
}

/** The drift report: which tenants differ from the model and how, which are not at head, which failed. */
export async function checkFleet(ctx: CliContext, o: Selected): Promise<void> {
  const view: TenantView<TenantDrift> = {
    record: (r) => ({
      clean: r.clean,
      atHead: r.atHead,
      current: r.current,
      heads: r.heads,
      differences: r.differences,
    }),
    columns: ['current', 'head'],
    cells: (r) => ({ from: at(r.current), to: at(r.heads), note: driftNote(r) }),
    status: {
      of: (r) => (!r.atHead ? 'behind' : r.clean ? 'matches' : 'differs'),
      counted: [
        ['matches', 'match'],
        ['differs', 'differ'],
        ['behind', 'behind'],
      ],
    },
    differs: (r) => !r.clean || !r.atHead,
  };
  printFleet(ctx.out, await (await commands.check()).checkTenants(ctx.opts(), fleetFlags(ctx.out, o)), !!o.json, view);
}

function driftNote(r: TenantDrift): string {
  const parts = [r.atHead ? '' : 'not at head', ...r.differences].filter((p) => p !== '');
  return parts.length === 0 ? 'matches the model' : parts.join('; ');
}

export async function verifyFleet(ctx: CliContext, accept: boolean, o: Selected): Promise<void> {
  const view: TenantView<VerifyResult> = {
    record: (r) => ({
      ok: r.ok,
      current: r.current,
      accepted: r.accepted,
      revisions: r.revisions.filter((e) => e.status !== 'ok'),
    }),
    columns: ['', 'current'],
    cells: (r) => {
      const bad = r.revisions.filter((e) => e.status === 'edited' || e.status === 'missing');
      return { from: '', to: at(r.current), note: bad.map((e) => `${e.status}: ${e.revision}`).join('; ') };
    },
    differs: (r) => !r.ok,
  };
  printFleet(
    ctx.out,
    await (await commands.verify()).verifyTenants(ctx.opts(), accept, fleetFlags(ctx.out, o)),
    !!o.json,
    view,
  );
}
