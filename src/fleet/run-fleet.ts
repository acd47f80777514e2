import type { ErrorCode } from '../util/error-codes.js';
import { errorCode, errorMessage } from '../util/errors.js';
import { maskedMessage } from '../util/mask.js';

/** How a fleet run goes over its tenants. */
interface FleetOptions {
  /** How many tenants run at once (each holds one connection while it runs). */
  concurrency: number;
  /** Run this many tenants first; when one of them fails, the rest are not started. */
  canary: number;
  /** Keep starting tenants after one fails (default: stop starting new ones). */
  continueOnError: boolean;
  onProgress?: (progress: FleetProgress) => void;
}

export interface FleetProgress {
  total: number;
  done: number;
  failed: number;
  running: number;
  /** Milliseconds since the run began. */
  elapsed: number;
}

/** `skipped`: never started, because a tenant failed (in the canary, or without --continue-on-error). */
type TenantStatus = 'done' | 'failed' | 'skipped';

export interface TenantOutcome<T> {
  tenant: string;
  status: TenantStatus;
  /** What the tenant's run returned, when it finished. */
  result?: T;
  /** The one-line error, credentials masked, when it failed. */
  error?: string;
  /** The code of that error (`unexpected` for one Athanor did not raise on purpose). */
  errorCode?: ErrorCode;
  /** Wall time of the tenant's run. */
  milliseconds: number;
  /** For a failed run: the version rows it started from and where it stands (null when they could not be read). */
  versions?: TenantVersions;
}

interface TenantVersions {
  from: string[];
  to: string[] | null;
}

/** A tenant's failure that knows where the tenant started and stands; its outcome keeps both. */
export class TenantFailure extends Error {
  constructor(
    readonly original: unknown,
    readonly versions: TenantVersions,
  ) {
    super(errorMessage(original));
  }
}

/**
 * Runs `work` for every tenant, at most `concurrency` at once, in the order
 * given: the canary tenants first (all of them finish before the rest start),
 * then the others. A failure stops new starts unless `continueOnError`;
 * tenants already running finish. Each tenant's work is its own unit: one
 * failing never touches another.
 */
export async function runFleet<T>(
  tenants: readonly string[],
  options: FleetOptions,
  work: (tenant: string) => Promise<T>,
): Promise<TenantOutcome<T>[]> {
  const outcomes = new Map<string, TenantOutcome<T>>();
  const started = performance.now();
  const counts = { done: 0, failed: 0, running: 0 };
  const report = (): void =>
    options.onProgress?.({ total: tenants.length, ...counts, elapsed: Math.round(performance.now() - started) });
  let stopped = false;

  const runOne = async (tenant: string): Promise<void> => {
    counts.running += 1;
    report();
    const clock = performance.now();
    try {
      const result = await work(tenant);
      outcomes.set(tenant, { tenant, status: 'done', result, milliseconds: Math.round(performance.now() - clock) });
      counts.done += 1;
    } catch (error) {
      const failed: TenantOutcome<T> = {
        tenant,
        status: 'failed',
        error: maskedMessage(error),
        errorCode: errorCode(error instanceof TenantFailure ? error.original : error),
        milliseconds: Math.round(performance.now() - clock),
      };
      if (error instanceof TenantFailure) failed.versions = error.versions;
      outcomes.set(tenant, failed);
      counts.failed += 1;
      if (!options.continueOnError) stopped = true;
    } finally {
      counts.running -= 1;
      report();
    }
  };

  const canary = Math.max(0, Math.min(options.canary, tenants.length));
  await pool(tenants.slice(0, canary), options.concurrency, runOne, () => stopped);
  if (counts.failed > 0) stopped = true;
  await pool(tenants.slice(canary), options.concurrency, runOne, () => stopped);
  return tenants.map((tenant) => outcomes.get(tenant) ?? { tenant, status: 'skipped', milliseconds: 0 });
}

/** At most `size` calls of `fn` at once over `items`, in order; no new call once `stop()` is true. */
async function pool(
  items: readonly string[],
  size: number,
  fn: (item: string) => Promise<void>,
  stop: () => boolean,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !stop()) {
      const item = items[next]!;
      next += 1;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, items.length)) }, worker));
}

/**
 * The tenants a `--tenants` selector names, in the fleet's order: `all`, a
 * comma-separated list of names, or patterns where `*` stands for any text
 * (`'eu-*'`); `unmatched` lists the names and patterns that match no tenant.
 */
export function selectTenants(fleet: readonly string[], selector: string): { selected: string[]; unmatched: string[] } {
  const parts = selector
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 1 && parts[0] === 'all') return { selected: [...fleet], unmatched: [] };
  const unmatched: string[] = [];
  const chosen = new Set<string>();
  for (const part of parts) {
    const pattern = new RegExp(`^${part.split('*').map(escapeRegExp).join('.*')}$`);
    const hits = fleet.filter((name) => pattern.test(name));
    if (hits.length === 0) unmatched.push(part);
    for (const hit of hits) chosen.add(hit);
  }
  return { selected: fleet.filter((name) => chosen.has(name)), unmatched };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
