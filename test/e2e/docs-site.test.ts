import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWhen } from '../helpers/skips.js';

/**
 * The docs site as a reader gets it: the build of docs/ (`npm run docs:build`) served over HTTP. No
 * link of any page leads to a missing page or heading; in Chromium, every page of the sidebar and
 * the home page render, and the search finds the renames page. Screenshots of the tutorial and of
 * the search go to test-results/docs-site/. Without Chromium the link check still runs.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOCS = join(ROOT, 'docs');
const SITE = join(DOCS, '.vitepress', 'dist');
const SHOTS = join(ROOT, 'test-results', 'docs-site');
/** Debian's Chromium (`apt-get install chromium`); playwright-core drives it, it downloads no browser. */
const CHROMIUM = '/usr/bin/chromium';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

function files(dir: string, skip: (path: string) => boolean = () => false): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (skip(path)) return [];
    return entry.isDirectory() ? files(path, skip) : [path];
  });
}

/**
 * Builds the site unless its build is newer than every file under docs/: CI builds it just before
 * the tests (.ci/run), a changed page or config is built again here.
 */
function buildUnlessFresh(): void {
  const built = join(SITE, 'index.html');
  const generated = [SITE, join(DOCS, '.vitepress', 'cache')];
  const newest = Math.max(...files(DOCS, (path) => generated.includes(path)).map((file) => statSync(file).mtimeMs));
  if (existsSync(built) && statSync(built).mtimeMs >= newest) return;
  execFileSync('npm', ['run', '--silent', 'docs:build'], { cwd: ROOT, stdio: 'pipe' });
}

/**
 * The build's files as they are, on a free port; `/` is index.html, anything missing 404.html with 404,
 * its path kept in `missing`.
 */
async function serve(root: string): Promise<{ base: string; server: Server; missing: Set<string> }> {
  const missing = new Set<string>();
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`);
    const found = file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile();
    if (!found) missing.add(path);
    const body = readFileSync(found ? file : join(root, '404.html'));
    response.writeHead(found ? 200 : 404, { 'content-type': TYPES[extname(found ? file : '.html')] ?? '' });
    response.end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, missing };
}

/** The targets of a built page's `<a href>`s, as absolute urls; links off the site left out. */
function linksOf(html: string, page: URL): URL[] {
  return [...html.matchAll(/<a\s[^>]*?href="([^"]*)"/g)]
    .map((match) => match[1]!.replace(/&amp;/g, '&'))
    .filter((href) => !/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(href))
    .map((href) => new URL(href, page));
}

/** What a page logs as an error, and any error it throws, while `action` runs. */
async function errorsDuring(page: Page, action: () => Promise<void>): Promise<string[]> {
  const errors: string[] = [];
  const onConsole = (message: { type(): string; text(): string; location(): { url: string } }): void => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url || 'no url'})`);
  };
  const onError = (error: Error): void => void errors.push(error.message);
  page.on('console', onConsole);
  page.on('pageerror', onError);
  try {
    await action();
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onError);
  }
  return errors;
}

/** Waits for VitePress to have mounted its app on the page: a mismatch with the built html is logged by then. */
async function mounted(page: Page): Promise<void> {
  await page.waitForFunction(() => '__vue_app__' in (document.querySelector('#app') ?? {}));
}

/** The markdown of a built page (`/tutorial.html`), with the files it includes; null for a page with none (the 404 page). */
function sourceOf(path: string): string | null {
  const page = path === '/' ? 'index.md' : path.slice(1).replace(/\.html$/, '.md');
  const file = join(DOCS, page);
  if (!existsSync(file)) return null;
  const expand = (text: string, from: string): string =>
    text.replace(/<!--\s*@include:\s*(.*?)\s*-->/g, (_, included: string) => {
      const path = resolve(from, '..', included);
      return expand(readFileSync(path, 'utf8'), path);
    });
  return expand(readFileSync(file, 'utf8'), file);
}

/** How many inline links (`[text](target)`) a page's markdown writes outside code and comments. */
function markdownLinks(source: string): number {
  const prose = source
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/(`+)[\s\S]*?\1/g, '');
  return [...prose.matchAll(/\[[^\]]*\]\([^)\s]+\)/g)].length;
}

describe('the docs site', () => {
  let base: string;
  let server: Server;
  let missing: Set<string>;

  beforeAll(async () => {
    buildUnlessFresh();
    ({ base, server, missing } = await serve(SITE));
  }, 300_000);

  afterAll(async () => {
    await new Promise((done) => server?.close(done));
  });

  it('has no link to a missing page or heading', async () => {
    const pages = files(SITE).filter((file) => file.endsWith('.html'));
    const ids = new Map<string, Set<string>>();
    const links: { from: string; to: URL }[] = [];
    for (const file of pages) {
      const path = `/${relative(SITE, file).split(sep).join('/')}`;
      const html = readFileSync(file, 'utf8');
      ids.set(path, new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((match) => match[1]!)));
      for (const to of linksOf(html, new URL(path, base))) links.push({ from: path, to });
    }
    expect(links.length).toBeGreaterThan(pages.length * 10);

    const status = new Map<string, number>();
    for (const { to } of links)
      if (!status.has(to.pathname)) status.set(to.pathname, (await fetch(new URL(to.pathname, base))).status);
    const broken = links.flatMap(({ from, to }) => {
      if (status.get(to.pathname) !== 200) return [`${from} -> ${to.pathname}: ${status.get(to.pathname)}`];
      const target = to.pathname.endsWith('/') ? `${to.pathname}index.html` : to.pathname;
      const anchor = decodeURIComponent(to.hash.slice(1));
      return anchor === '' || ids.get(target)?.has(anchor)
        ? []
        : [`${from} -> ${to.pathname}${to.hash}: no such heading`];
    });
    expect(broken).toEqual([]);
  });

  it("holds the example project's diagram and history graph, drawn when it was built", () => {
    const example = join(ROOT, 'migrations-example');
    const schema = readFileSync(join(SITE, 'pictures', 'example-schema.svg'), 'utf8');
    const tables = [...readFileSync(join(example, 'models.ts'), 'utf8').matchAll(/metadata\.table\(\s*'([^']+)'/g)];
    expect(tables.length).toBeGreaterThan(2);
    for (const [, table] of tables) expect(schema).toContain(`public.${table}`);
    const history = readFileSync(join(SITE, 'pictures', 'example-history.svg'), 'utf8');
    const revisions = readdirSync(join(example, 'migrations', 'versions')).map(
      (file) =>
        /^export const revision = '([^']+)'/m.exec(
          readFileSync(join(example, 'migrations', 'versions', file), 'utf8'),
        )![1],
    );
    expect(revisions.length).toBeGreaterThan(2);
    for (const revision of revisions) expect(history).toContain(`id="box ${revision}"`);
  });

  skipWhen(!existsSync(CHROMIUM), `needs Chromium at ${CHROMIUM} (apt-get install chromium)`).describe(
    'in Chromium',
    () => {
      let browser: Browser;
      let page: Page;

      beforeAll(async () => {
        mkdirSync(SHOTS, { recursive: true });
        browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
        page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      });

      afterAll(async () => {
        await browser?.close();
      });

      it('lists every page in the sidebar, and each page and the home page render with a heading and no error', async () => {
        await page.goto(`${base}/tutorial.html`);
        const sidebar = await page
          .locator('.VPSidebar a.link')
          .evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).pathname));
        const built = files(SITE)
          .filter((file) => file.endsWith('.html') && !['index.html', '404.html'].includes(relative(SITE, file)))
          .map((file) => `/${relative(SITE, file).split(sep).join('/')}`);
        expect([...sidebar].sort()).toEqual(built.sort());

        const failures: string[] = [];
        for (const path of ['/', ...sidebar]) {
          let status = 0;
          const errors = await errorsDuring(page, async () => {
            status = (await page.goto(`${base}${path}`))?.status() ?? 0;
            await mounted(page);
          });
          const heading =
            (await page.locator('h1').first().textContent({ timeout: 5_000 }))?.replace(/\u200b/g, '').trim() ?? '';
          if (status !== 200 || heading === '' || errors.length > 0)
            failures.push(`${path}: status ${status}, h1 "${heading}", errors ${JSON.stringify(errors)}`);
          if (path === '/tutorial.html') await page.screenshot({ path: join(SHOTS, 'tutorial.png') });
        }
        expect(failures).toEqual([]);
      }, 240_000);

      it('follows every internal link of every page to a page that is there, and drops none of the markdown links', async () => {
        await page.goto(`${base}/tutorial.html`);
        const sidebar = await page
          .locator('.VPSidebar a.link')
          .evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).pathname));
        const targets = new Map<string, string>();
        const dropped: string[] = [];
        for (const path of ['/', ...sidebar]) {
          await page.goto(`${base}${path}`);
          await mounted(page);
          const hrefs = await page
            .locator('a[href]')
            .evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
          for (const href of hrefs) {
            const url = new URL(href);
            if (url.origin === base && !targets.has(url.pathname)) targets.set(url.pathname, path);
          }
          // Each link the page's markdown writes is a link on the site, not its text alone.
          const source = sourceOf(path);
          if (source === null) continue;
          const shown = await page.locator('.vp-doc a:not(.header-anchor)').count();
          const written = markdownLinks(source);
          if (shown < written) dropped.push(`${path}: ${written} links in its markdown, ${shown} on the page`);
        }
        expect(targets.size).toBeGreaterThan(sidebar.length);
        const dead: string[] = [];
        for (const [target, from] of targets) {
          const status = (await page.goto(`${base}${target}`))?.status() ?? 0;
          await mounted(page);
          const missing = await page.locator('.NotFound').count();
          if (status !== 200 || missing > 0) dead.push(`${from} -> ${target}: status ${status}`);
        }
        expect(dead).toEqual([]);
        expect(dropped).toEqual([]);
        // Two visits a page and one a link target: about a minute on two busy cores with forty pages.
      }, 240_000);

      it('shows the pictures on the pictures page', async () => {
        await page.goto(`${base}/pictures.html`);
        await mounted(page);
        const images = await page
          .locator('main img')
          .evaluateAll((all) =>
            all.map((img) => [(img as HTMLImageElement).src, (img as HTMLImageElement).naturalWidth]),
          );
        expect(images.map(([src]) => new URL(src as string).pathname)).toEqual([
          '/pictures/example-schema.svg',
          '/pictures/example-history.svg',
        ]);
        expect(images.every(([, width]) => (width as number) > 0)).toBe(true);
        await page.locator('main img').first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(SHOTS, 'pictures.png') });
      });

      it('finds the renames page when searching for "rename"', async () => {
        const errors = await errorsDuring(page, async () => {
          await page.goto(`${base}/tutorial.html`);
          await mounted(page);
          await page.locator('#local-search button').click();
          await page.locator('.VPLocalSearchBox input').fill('rename');
          await page.locator('.VPLocalSearchBox .results a.result').first().waitFor();
        });
        const results = await page
          .locator('.VPLocalSearchBox .results a.result')
          .evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).pathname));
        await page.screenshot({ path: join(SHOTS, 'search-rename.png') });
        expect(results).toContain('/renames.html');
        expect(errors).toEqual([]);
      });

      // Last: what the browser asked for while every page above was open. Without an icon declared,
      // Chromium asks for /favicon.ico once, at a moment the load decides, and logs its 404 on a page.
      it('asks the server for nothing the build lacks, the icon included', () => {
        expect([...missing]).toEqual([]);
      });
    },
  );
});
