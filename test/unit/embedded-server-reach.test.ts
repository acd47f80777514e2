import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, onTestFinished } from 'vitest';
import { binDir, canRun, reachableBin, serverUser } from '../helpers/embedded-server.js';
import { skipWhen } from '../helpers/skips.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const asRoot = process.getuid?.() === 0;

/**
 * As root, the tests' servers run as the user `postgres`, which cannot enter a
 * folder of root's made with `mktemp -d` (mode 0700): a project cloned there
 * has its server binaries out of that user's reach.
 */
skipWhen(!asRoot, 'only root runs the test servers as another user (postgres)').it(
  "runs the server's binaries from a folder the user postgres cannot enter, through a copy it can",
  () => {
    const ids = serverUser();
    // Beside the installed package, so that its files can be hard links (no copy of 60 MB).
    const servers = join(ROOT, '.pg-servers');
    mkdirSync(servers, { recursive: true });
    const hidden = mkdtempSync(join(servers, 'hidden-'));
    onTestFinished(() => rmSync(hidden, { recursive: true, force: true }));
    execFileSync('cp', ['-al', dirname(binDir('18')), join(hidden, 'native')]);
    const bin = join(hidden, 'native', 'bin');
    expect(canRun(bin, ids)).toBe(false);
    const reached = reachableBin(bin, ids);
    expect(reached.startsWith(hidden)).toBe(false);
    expect(canRun(reached, ids)).toBe(true);
  },
);
