import { describe, expect, it } from 'vitest';
import { historyPicture } from '../../src/pictures/history-picture.js';
import { modelPicture } from '../../src/pictures/model-picture.js';
import { PICTURE_FORMATS } from '../../src/pictures/picture.js';
import { renderPicture } from '../../src/pictures/renderers.js';
import { column, model, table } from '../helpers/models.js';

const PICTURE = modelPicture(
  model({
    tables: [
      table('a & b', { columns: [column('id', 'integer', { nullable: false }), column('n', 'numeric(10,2)')] }),
      table('c', {
        columns: [column('id', 'integer', { nullable: false }), column('a_id', 'integer')],
        foreignKeys: [
          {
            name: 'c_a_fkey',
            columns: ['a_id'],
            refSchema: 'public',
            refTable: 'a & b',
            refColumns: ['id'],
            onDelete: 'NO ACTION',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    ],
  }),
);

describe('the picture formats', () => {
  it('each names every box', async () => {
    for (const format of PICTURE_FORMATS) {
      const text = await renderPicture(PICTURE, format);
      // Each format escapes `&` its own way; the names are there.
      expect(text, format).toMatch(/public\.a (&|&amp;|&#38;) b/);
      expect(text, format).toContain('public.c');
    }
  });

  it('dot: an HTML-like table per box, a port per column, the foreign key from column to column', async () => {
    const dot = await renderPicture(PICTURE, 'dot');
    expect(dot).toContain('digraph athanor {');
    expect(dot).toContain('<TD ALIGN="LEFT" PORT="p1">a_id</TD>');
    expect(dot).toMatch(/n1:p1 -> n0:p0 \[/);
    expect(dot).toContain('subgraph cluster_0 {');
  });

  it('svg: laid out in process, one node per box, the XML prologue left out', async () => {
    const svg = await renderPicture(PICTURE, 'svg');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<g id="box public\.[^"]*" class="node box table plain">/g)).toHaveLength(2);
    expect(svg).toMatch(/class="edge"/);
  });

  it('html: one file with the SVG, an index of the boxes, search, pan and zoom, and nothing fetched', async () => {
    const html = await renderPicture(PICTURE, 'html');
    expect(html).toContain('<svg');
    expect(html).toContain('data-box="box public.c"');
    expect(html).toContain('id="search"');
    expect(html).toContain("addEventListener('wheel'");
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain("default-src 'none'");
  });

  it('mermaid: an erDiagram for a model, its types as words with the full type said, a flowchart for a history', async () => {
    const er = await renderPicture(PICTURE, 'mermaid');
    expect(er).toContain('erDiagram');
    expect(er).toContain('e0["public.a & b"] {');
    expect(er).toContain('numeric(10_2) n "numeric(10,2) null"');
    expect(er).toContain('e1 }o--|| e0 : "a_id -#gt; id"');
    const history = historyPicture([
      {
        revision: 'b',
        downRevisions: ['a'],
        dependsOn: [],
        branchLabels: [],
        message: 'two',
        isHead: true,
        isCurrent: true,
      },
      {
        revision: 'a',
        downRevisions: [],
        dependsOn: [],
        branchLabels: ['main'],
        message: 'one',
        isHead: false,
        isCurrent: false,
      },
    ]);
    const flow = await renderPicture(history, 'mermaid');
    expect(flow).toContain('flowchart TB');
    expect(flow).toContain('e0 --- e1');
    expect(flow).toContain('class e0 current');
    expect(flow).toContain('label: main');
  });
});
