import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { createLastingDatabase, queryRows, runSql, testTarget, type TestDatabase } from '../helpers/database.js';
import { PAGILA } from '../helpers/fixtures.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';

/**
 * `migrate diagram --database` of pagila.sql in every format, through the built command: every table
 * of the database (partitions too) is named in each. In Chromium, with nothing reachable over the
 * network: the SVG parses as XML, the HTML page shows every table in its text and finds one by its
 * search, and Mermaid itself (the devDependency's own build, put into the page) renders the Mermaid
 * text with every table. Screenshots and the outputs go to test-results/pictures/.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT = join(ROOT, 'test-results', 'pictures');
const CHROMIUM = '/usr/bin/chromium';
const MERMAID = join(ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');
const FORMATS = ['svg', 'html', 'mermaid', 'dot'] as const;
const FILE = { svg: 'pagila.svg', html: 'pagila.html', mermaid: 'pagila.mmd', dot: 'pagila.dot' } as const;

skipWhen(
  testTarget() === 'pglite' || PAGILA.missing,
  "pagila.sql's OWNER TO lines need the role postgres, which PGlite lacks",
).describe(PAGILA.title('migrate diagram of pagila'), () => {
  let p: TempProject;
  let db: TestDatabase | undefined;
  /** `schema.table` of every table the database holds, and of those not partitions (each a box). */
  let tables: string[];
  let boxes: string[];
  const drawn: Partial<Record<(typeof FORMATS)[number], string>> = {};

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    // Made outside a test, so it outlives the file unless dropped below.
    db = await createLastingDatabase('athanor_pictures');
    await runSql(db.url, readFileSync(PAGILA.path, 'utf8'));
    const rows = await queryRows<{ name: string; partition: boolean }>(
      db.url,
      `select n.nspname || '.' || c.relname as name, c.relispartition as partition
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') order by 1`,
    );
    tables = rows.map((r) => r.name);
    boxes = rows.filter((r) => !r.partition).map((r) => r.name);
    p = tempProject(db.url);
  }, 120_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('draws every table in every format', async () => {
    expect(tables.length).toBeGreaterThan(20);
    for (const format of FORMATS) {
      const ran = await runBin(p.dir, ['diagram', '--database', '--format', format, '--out', FILE[format]]);
      expect(ran.code, ran.stderr).toBe(0);
      const text = p.read(FILE[format]);
      writeFileSync(join(OUT, FILE[format]), text);
      drawn[format] = text;
      expect(
        tables.filter((t) => !text.includes(t)),
        format,
      ).toEqual([]);
    }
    // The SVG draws each table in a node of its own, a partition as a row of its parent's.
    const nodes = [...drawn.svg!.matchAll(/<g id="box ([^"]*)" class="node box (table|partitioned) /g)].map(
      (m) => m[1],
    );
    expect(nodes.sort()).toEqual(boxes);
    expect(boxes.length).toBeLessThan(tables.length);
  }, 120_000);

  it('--table with --depth draws a table and its neighbours only', async () => {
    const ran = await runBin(p.dir, ['diagram', '--database', '--format', 'dot', '--table', 'rental', '--depth', '1']);
    expect(ran.code, ran.stderr).toBe(0);
    const boxes = [...ran.stdout.matchAll(/id="box ([^"]*)"/g)].map((m) => m[1]).sort();
    expect(boxes).toContain('public.rental');
    expect(boxes).toContain('public.inventory');
    expect(boxes).toContain('public.customer');
    expect(boxes).not.toContain('public.film_category');
  });

  skipWhen(!existsSync(CHROMIUM), `needs Chromium at ${CHROMIUM} (apt-get install chromium)`).describe(
    'in Chromium, offline',
    () => {
      let browser: Browser;
      let page: Page;
      const requests: string[] = [];

      beforeAll(async () => {
        browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
        const context = await browser.newContext({ offline: true, viewport: { width: 1400, height: 900 } });
        // Nothing may be fetched: every request is recorded and refused.
        await context.route('**/*', (route) => {
          requests.push(route.request().url());
          return route.abort();
        });
        page = await context.newPage();
      });

      afterAll(async () => {
        await browser?.close();
      });

      it('the SVG is well-formed XML with a node per table', async () => {
        const svg = drawn.svg ?? readFileSync(join(OUT, FILE.svg), 'utf8');
        const parsed = await page.evaluate((text) => {
          const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
          return {
            error: doc.querySelector('parsererror')?.textContent ?? null,
            root: doc.documentElement.nodeName,
            nodes: doc.querySelectorAll('g.node').length,
          };
        }, svg);
        expect(parsed.error).toBeNull();
        expect(parsed.root).toBe('svg');
        expect(parsed.nodes).toBeGreaterThanOrEqual(boxes.length);
      });

      it('the HTML page shows every table, finds one by its search, and fetches nothing', async () => {
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.setContent(drawn.html ?? readFileSync(join(OUT, FILE.html), 'utf8'));
        const text = await page.locator('body').innerText();
        expect(tables.filter((t) => !text.includes(t))).toEqual([]);
        await page.screenshot({ path: join(OUT, 'pagila-html.png') });
        await page.locator('#search').fill('rental_date');
        await expect.poll(() => page.locator('#found').textContent()).toMatch(/^[1-9]\d* found$/);
        expect(await page.locator('g.node.hit').count()).toBeGreaterThan(0);
        await page.screenshot({ path: join(OUT, 'pagila-html-search.png') });
        expect(errors).toEqual([]);
        expect(requests).toEqual([]);
      });

      it('Mermaid renders the Mermaid text with every table', async () => {
        await page.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
        await page.addScriptTag({ path: MERMAID });
        const rendered = await page.evaluate(
          async (text) => {
            const mermaid = (window as unknown as { mermaid: MermaidApi }).mermaid;
            mermaid.initialize({ startOnLoad: false, maxTextSize: 10_000_000, maxEdges: 100_000 });
            const { svg } = await mermaid.render('pagila', text);
            document.getElementById('out')!.innerHTML = svg;
            return document.getElementById('out')!.textContent ?? '';
          },
          drawn.mermaid ?? readFileSync(join(OUT, FILE.mermaid), 'utf8'),
        );
        await page.screenshot({ path: join(OUT, 'pagila-mermaid.png'), fullPage: true });
        expect(tables.filter((t) => !rendered.includes(t))).toEqual([]);
        expect(requests).toEqual([]);
      });
    },
  );
});

interface MermaidApi {
  initialize(config: Record<string, unknown>): void;
  render(id: string, text: string): Promise<{ svg: string }>;
}
