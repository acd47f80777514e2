import { CURRENT_FILL, KIND_FILL, MARK_FILL } from './colours.js';
import { boxesOf, type Box, type Edge, type EdgeKind, type Group, type Picture, type Row } from './picture.js';

/*
 * A picture in Graphviz's DOT language: each box an HTML-like table (a row
 * per column, with a port an edge can end at), each group a cluster. The SVG
 * format lays this text out in-process; `--format dot` prints it for those
 * who have Graphviz.
 */

/** Node names `n0`, `n1`, ... in the picture's order; ports `p0`, ... in a box's. */
export interface DotNames {
  node(id: string): string;
}

export function dotNames(picture: Picture): DotNames {
  const names = new Map(picture.boxes.map((b, i) => [b.id, `n${i}`]));
  return { node: (id) => names.get(id)! };
}

const EDGE_STYLE: Readonly<Record<EdgeKind, string>> = {
  'foreign-key': 'arrowhead=normal, arrowtail=crow, dir=both',
  'partition-of': 'style=bold, arrowhead=empty',
  inherits: 'style=bold, arrowhead=empty',
  uses: 'style=dashed, arrowhead=open, color="#777777"',
  parent: 'arrowhead=none',
  'depends-on': 'style=dashed, arrowhead=open, color="#777777"',
  replaces: 'style=dotted, arrowhead=open',
};

/**
 * How much layout time to spend: `fast` (the SVG of a large picture) leaves
 * out ports and spline routing and bounds dot's crossing minimisation.
 */
export interface DotOptions {
  fast?: boolean;
}

const FAST = 'mclimit=0.01, nslimit=0.5, nslimit1=0.5, searchsize=5, splines=false, ';

export function renderDot(picture: Picture, options: DotOptions = {}): string {
  const names = dotNames(picture);
  const byId = new Map(picture.boxes.map((b) => [b.id, b]));
  const grouped = new Set(picture.groups.flatMap(boxesOf));
  const lines = [
    'digraph athanor {',
    `  graph [${options.fast ? FAST : ''}rankdir=${picture.direction}, fontname="Helvetica", fontsize=12, nodesep=0.25, ranksep=0.5, label=${quote(picture.title)}, labelloc=t, newrank=true];`,
    '  node [shape=plain, fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9, color="#555555"];',
    ...picture.groups.flatMap((g, i) => cluster(g, `${i}`, byId, names, '  ')),
    ...picture.boxes.filter((b) => !grouped.has(b.id)).map((b) => `  ${node(b, names)}`),
    ...picture.edges.map((e) => `  ${edge(e, names, options.fast ? null : byId)}`),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

function cluster(g: Group, path: string, byId: ReadonlyMap<string, Box>, names: DotNames, indent: string): string[] {
  return [
    `${indent}subgraph cluster_${path.replace(/\./g, '_')} {`,
    `${indent}  graph [label=${quote(g.label)}, style="rounded", color="#9aa8b8", id=${quote(`group ${g.id}`)}];`,
    ...g.groups.flatMap((inner, i) => cluster(inner, `${path}.${i}`, byId, names, `${indent}  `)),
    ...g.boxes.map((id) => `${indent}  ${node(byId.get(id)!, names)}`),
    `${indent}}`,
  ];
}

function node(b: Box, names: DotNames): string {
  const fill = b.current ? CURRENT_FILL : (MARK_FILL[b.mark] ?? KIND_FILL[b.kind]);
  const head = [
    `<TR><TD COLSPAN="3" BGCOLOR="${fill}" ALIGN="CENTER"><B>${html(b.title)}</B></TD></TR>`,
    ...(b.subtitle
      ? [`<TR><TD COLSPAN="3" BGCOLOR="${fill}" ALIGN="CENTER"><I>${html(b.subtitle)}</I></TD></TR>`]
      : []),
  ];
  const rows = b.rows.map((r, i) => row(r, i));
  const label = `<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" COLOR="#7a8899">${[...head, ...rows].join('')}</TABLE>>`;
  const classes = ['box', b.kind, b.mark, ...(b.current ? ['current'] : [])].join(' ');
  return `${names.node(b.id)} [id=${quote(`box ${b.id}`)}, class=${quote(classes)}, tooltip=${quote(b.title)}, label=${label}];`;
}

function row(r: Row, i: number): string {
  const fill = MARK_FILL[r.mark];
  const bg = fill ? ` BGCOLOR="${fill}"` : '';
  const name = `<TD ALIGN="LEFT" PORT="p${i}"${bg}>${html(r.name)}</TD>`;
  const detail = `<TD ALIGN="LEFT"${bg}>${coloured(r.detail, '#555555')}</TD>`;
  const tags = `<TD ALIGN="RIGHT"${bg}>${coloured(r.tags.join(' '), '#8a3b12')}</TD>`;
  return `<TR>${name}${detail}${tags}</TR>`;
}

function edge(e: Edge, names: DotNames, byId: ReadonlyMap<string, Box> | null): string {
  const port = (boxId: string, p: string | undefined) => {
    if (p === undefined || byId === null) return '';
    const i = byId.get(boxId)!.rows.findIndex((r) => r.port === p);
    return i < 0 ? '' : `:p${i}`;
  };
  const attributes = [EDGE_STYLE[e.kind], ...(e.label ? [`tooltip=${quote(e.label)}`] : [])];
  return `${names.node(e.from)}${port(e.from, e.fromPort)} -> ${names.node(e.to)}${port(e.to, e.toPort)} [${attributes.join(', ')}];`;
}

/** Text in a colour; Graphviz refuses an empty FONT element. */
function coloured(text: string, colour: string): string {
  return text === '' ? '' : `<FONT COLOR="${colour}">${html(text)}</FONT>`;
}

/** A DOT string: in double quotes, with quotes and backslashes escaped. */
export function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Text inside an HTML-like label. */
function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
