import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type DefaultTheme, type MarkdownRenderer as MarkdownIt } from 'vitepress';

/**
 * The docs site: the markdown files of docs/ as they are (they read the same on the repository's
 * own file view), grouped in the sidebar by the four kinds of reading. `npm run docs:build` writes
 * it to docs/.vitepress/dist; `npm run docs:preview` serves that build.
 */

const DOCS = fileURLToPath(new URL('..', import.meta.url));

/** A page's first `# ` heading, for pages the sidebar below does not name. */
function title(page: string): string {
  const text = readFileSync(join(DOCS, `${page}.md`), 'utf8');
  return /^# (.+)$/m.exec(text)?.[1]?.replace(/`/g, '') ?? page;
}

function pages(folder: string): string[] {
  return readdirSync(join(DOCS, folder))
    .filter((file) => file.endsWith('.md') && file !== 'index.md')
    .map((file) => (folder === '.' ? '' : `${folder}/`) + file.slice(0, -'.md'.length))
    .sort();
}

type Entry = [page: string, text: string];

const TUTORIAL: Entry[] = [
  ['install', 'Install'],
  ['tutorial', 'A first project'],
  ['example', 'The example project'],
];

const HOW_TO: Entry[] = [
  ['baseline', 'Baseline an existing database'],
  ['coming-from', 'Come from Alembic, Drizzle or Prisma'],
  ['write-revision', 'Write a revision by hand'],
  ['renames', 'Handle renames'],
  ['expand-contract', 'Deploy without downtime (expand and contract)'],
  ['zero-downtime-rename', 'Rename a column without downtime'],
  ['environments', 'Migrate several environments'],
  ['ci', 'Check and lint in CI'],
  ['production', 'Run in production'],
  ['failed-index', 'Recover from a failed index build'],
  ['fleets', 'Migrate a fleet of tenants'],
  ['testing', 'Test revisions'],
  ['squashing', 'Squash a long history'],
  ['pictures', 'Draw the schema and the history'],
  ['troubleshooting', 'Fix an error'],
];

/** The generated pages first; a page added to docs/reference/ comes after them, under its heading. */
const GENERATED: Entry[] = [
  ['reference/cli', 'CLI'],
  ['reference/errors', 'Error codes'],
  ['reference/hazards', 'Hazard codes'],
];

const REFERENCE: Entry[] = [
  ['configuration', 'Configuration'],
  ['model-dsl', 'Model DSL'],
  ['model-dsl-objects', 'Other objects in the model'],
  ['model-dsl-security-partitions', 'Security and partitions'],
  ['operations', 'The op API'],
  ['api', 'Library API'],
  ['alembic-compat', 'Alembic compatibility'],
];

const EXPLANATION: Entry[] = [
  ['exact-comparison', 'How the comparison is exact'],
  ['autogenerate', 'Autogenerate'],
  ['modeled', 'What is and is not modeled'],
  ['revisions', 'Revisions and the graph'],
  ['distributed', 'Design note: Citus'],
  ['benchmarks', 'Benchmarks'],
  ['benchmark-history', 'Benchmark history'],
];

const named = new Set([...TUTORIAL, ...HOW_TO, ...GENERATED, ...REFERENCE, ...EXPLANATION].map(([page]) => page));
const unnamed = (folder: string): Entry[] =>
  pages(folder)
    .filter((page) => !named.has(page))
    .map((page) => [page, title(page)]);

const groups: [string, Entry[]][] = [
  ['Tutorial', TUTORIAL],
  ['How-to guides', HOW_TO],
  ['Reference', [...GENERATED, ...unnamed('reference'), ...REFERENCE]],
  ['Explanation', EXPLANATION],
];
// A new page at the top of docs/ is on the site at once; name it in one of the lists above to place it.
const others = unnamed('.');
if (others.length > 0) groups.push(['More', others]);

const sidebar: DefaultTheme.SidebarItem[] = groups.map(([text, entries]) => ({
  text,
  items: entries.map(([page, label]) => ({ text: label, link: `/${page}` })),
}));

/**
 * The HTML that may interrupt a paragraph, as on GitHub (CommonMark's HTML blocks 1 to 6): comments,
 * declarations and the block-level elements. VitePress lets any tag at the start of a line end a
 * paragraph (for its components), so a placeholder in inline code that a line break put first on
 * its line (`<command> --help`) became a tag left open and failed the build; such a line stays in
 * its paragraph.
 */
const INTERRUPTS = new RegExp(
  '^(?:<!--|<\\?|<![A-Za-z]|<!\\[CDATA\\[|<(?:script|pre|style|textarea)(?=[\\s>]|$)|</?(?:' +
    'address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|' +
    'dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|' +
    'menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|' +
    'title|tr|track|ul)(?=[\\s/>]|$))',
  'i',
);

type BlockRule = Parameters<MarkdownIt['block']['ruler']['at']>[1];

function htmlInterruptsAsOnGitHub(md: MarkdownIt): void {
  // markdown-it has no public getter for a rule by name; VitePress registers its own as `html_block`.
  const rules = (md.block.ruler as unknown as { __rules__: { name: string; fn: BlockRule }[] }).__rules__;
  const htmlBlock = rules.find((rule) => rule.name === 'html_block')!.fn;
  md.block.ruler.at(
    'html_block',
    (state, startLine, endLine, silent) => {
      // `silent` is the question "does this line end the block above?"
      const line = state.src.slice(state.bMarks[startLine]! + state.tShift[startLine]!, state.eMarks[startLine]);
      if (silent && !INTERRUPTS.test(line)) return false;
      return htmlBlock(state, startLine, endLine, silent);
    },
    { alt: ['paragraph', 'reference', 'blockquote'] },
  );
}

/**
 * The files of the repository outside docs/ that the site has, by their path from the repository's
 * root, and the page of docs/ that shows each (with a heading, for a file shown in part of a page).
 * A page that is such a file's whole (`<!--@include: ../alembic-compat.md-->`) is its page here.
 */
const OUTSIDE: Record<string, string> = {
  'alembic-compat.md': 'alembic-compat.md',
  'bench/results/history.md': 'benchmark-history.md',
  'migrations-example/README.md': 'example.md',
  'migrations-example/models.ts': 'example.md#modelsts',
  'migrations-example/migrate.config.ts': 'example.md#migrateconfigts',
  'migrations-example/migrations/versions/': 'example.md#the-revisions',
};

/** The file outside docs/ a page includes whole, whose links are written from that file's folder. */
function includedBy(page: string): string | undefined {
  return Object.keys(OUTSIDE).find((file) => OUTSIDE[file] === page && file.endsWith('.md'));
}

/**
 * The links of a page as the site has them. A page's links are written from its file in the
 * repository (an included file's, from that file's folder) and work where the markdown is read in
 * the repository; a link to a file outside docs/ goes to the page that shows it (`OUTSIDE`), and
 * one to a file the site does not show fails the build.
 */
function linksOnTheSite(md: MarkdownIt): void {
  md.core.ruler.push('links_on_the_site', (state) => {
    const page = (state.env as { relativePath?: string }).relativePath ?? '';
    const here = posix.join('docs', posix.dirname(page));
    const from = posix.dirname(includedBy(page) ?? posix.join('docs', page));
    for (const block of state.tokens) {
      for (const token of block.children ?? []) {
        const href = token.type === 'link_open' ? token.attrGet('href') : null;
        if (href === null || /^(?:[a-z][a-z0-9+.-]*:|\/|#)/i.test(href)) continue;
        const [path = '', hash] = href.split('#');
        const file = posix.normalize(posix.join(from, path));
        if (file.startsWith('docs/') && from === here) continue;
        const shown = file.startsWith('docs/') ? file.slice('docs/'.length) : OUTSIDE[file];
        if (shown === undefined)
          throw new Error(`${page}: the link ${href} goes to ${file}, which the site does not show (OUTSIDE)`);
        const [target = '', heading] = shown.split('#');
        const anchor = hash ?? heading;
        token.attrSet('href', posix.relative(here, posix.join('docs', target)) + (anchor ? `#${anchor}` : ''));
      }
    }
  });
}

/**
 * Heading ids as the repository's markdown view makes them, which the pages' `#` links are written
 * for: lower case, punctuation other than `-` and `_` dropped, each space a `-` ("A partition's
 * own ..." is `#a-partitions-own-...`, "Environments and `-x`" is `#environments-and--x`).
 */
function slugify(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/**
 * The example project's diagram and history graph, drawn by the built CLI (`npm run docs:build`
 * builds it first) into docs/public/pictures/, which the pages show as images. Drawn once per run.
 */
function examplePictures(): { name: string; buildStart(): void } {
  let drawn = false;
  return {
    name: 'athanor-example-pictures',
    buildStart() {
      if (drawn) return;
      drawn = true;
      const root = join(DOCS, '..');
      const out = join(DOCS, 'public', 'pictures');
      mkdirSync(out, { recursive: true });
      const migrate = (...argv: string[]) =>
        execFileSync(process.execPath, [join(root, 'bin', 'migrate.js'), ...argv], {
          cwd: join(root, 'migrations-example'),
          stdio: 'pipe',
        });
      migrate('diagram', '--format', 'svg', '--out', join(out, 'example-schema.svg'));
      migrate('history', '--graph', '--format', 'svg', '--out', join(out, 'example-history.svg'));
    },
  };
}

export default defineConfig({
  title: 'Athanor',
  description: 'Schema migrations for PostgreSQL in TypeScript, with exact autogenerate.',
  // The site's icon (docs/public/favicon.svg): without one, every browser asks for /favicon.ico and logs its 404.
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  // Dead internal links fail the build (VitePress's default, kept on purpose).
  ignoreDeadLinks: false,
  markdown: {
    anchor: { slugify },
    config: (md) => {
      htmlInterruptsAsOnGitHub(md);
      linksOnTheSite(md);
    },
  },
  vite: { plugins: [examplePictures()] },
  themeConfig: {
    nav: groups.slice(0, 4).map(([text, entries]) => ({ text, link: `/${entries[0]![0]}` })),
    sidebar,
    outline: [2, 3],
    search: { provider: 'local' },
  },
});
