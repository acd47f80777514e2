import { CURRENT_FILL, MARK_FILL } from './colours.js';
import { boxesOf, MARKS, type Box, type Edge, type EdgeKind, type Group, type Picture } from './picture.js';

/*
 * A picture as Mermaid text, which GitHub and GitLab draw in a ```mermaid
 * block: a model as an `erDiagram` (entities with their attributes, foreign
 * keys as relationships), a revision or a history as a `flowchart` (boxes
 * coloured by what happens to them, groups as subgraphs).
 */

export function renderMermaid(picture: Picture): string {
  const entities = picture.boxes.every((b) => b.kind !== 'revision' && b.kind !== 'operations' && b.mark === 'plain');
  return `${(entities ? erDiagram(picture) : flowchart(picture)).join('\n')}\n`;
}

const names = (picture: Picture) => new Map(picture.boxes.map((b, i) => [b.id, `e${i}`]));

function erDiagram(picture: Picture): string[] {
  const name = names(picture);
  const schemaOf = new Map(picture.groups.flatMap((g) => boxesOf(g).map((id) => [id, g.label] as const)));
  const lines = [`---`, `title: ${oneLine(picture.title)}`, `---`, 'erDiagram'];
  let schema: string | undefined;
  for (const b of picture.boxes) {
    if (schemaOf.get(b.id) !== schema) {
      schema = schemaOf.get(b.id);
      lines.push(`  %% schema ${oneLine(schema ?? '')}`);
    }
    lines.push(`  ${name.get(b.id)}["${text(b.title)}"] {`);
    for (const r of b.rows) {
      const keys = r.tags.filter((t) => t === 'PK' || t === 'FK' || t === 'UQ').map((t) => (t === 'UQ' ? 'UK' : t));
      // The name and the type in full where the grammar's words had to change them; nullability; a partition.
      const type = b.kind === 'enum' ? 'value' : r.detail || 'text';
      const comment = [
        word(r.name) !== r.name ? r.name : '',
        word(type) !== type ? type : '',
        ...r.tags.filter((t) => t === 'null' || t === 'partition'),
      ]
        .filter(Boolean)
        .join(' ');
      lines.push(
        `    ${word(type)} ${word(r.name)}${keys.length > 0 ? ` ${keys.join(', ')}` : ''}${comment ? ` "${text(comment)}"` : ''}`,
      );
    }
    lines.push('  }');
  }
  for (const e of picture.edges) {
    const shape = e.kind === 'foreign-key' ? '}o--||' : e.kind === 'uses' ? '}o..||' : '|o--||';
    lines.push(`  ${name.get(e.from)} ${shape} ${name.get(e.to)} : "${text(e.label || e.kind)}"`);
  }
  lines.push(...picture.notes.map((n) => `  %% ${oneLine(n)}`));
  return lines;
}

const ARROW: Readonly<Record<EdgeKind, string>> = {
  'foreign-key': '-->',
  'partition-of': '==>',
  inherits: '==>',
  uses: '-.->',
  parent: '---',
  'depends-on': '-.->',
  replaces: '-.->',
};

function flowchart(picture: Picture): string[] {
  const name = names(picture);
  const byId = new Map(picture.boxes.map((b) => [b.id, b]));
  const grouped = new Set(picture.groups.flatMap(boxesOf));
  const lines = [`---`, `title: ${oneLine(picture.title)}`, `---`, `flowchart ${picture.direction}`];
  const group = (g: Group, path: string, indent: string): void => {
    lines.push(`${indent}subgraph g${path}["${text(g.label)}"]`);
    g.groups.forEach((inner, i) => group(inner, `${path}_${i}`, `${indent}  `));
    for (const id of g.boxes) lines.push(`${indent}  ${box(byId.get(id)!, name.get(id)!)}`);
    lines.push(`${indent}end`);
  };
  picture.groups.forEach((g, i) => group(g, `${i}`, '  '));
  for (const b of picture.boxes) if (!grouped.has(b.id)) lines.push(`  ${box(b, name.get(b.id)!)}`);
  for (const e of picture.edges) lines.push(`  ${edge(e, name)}`);
  for (const mark of MARKS) {
    const fill = MARK_FILL[mark];
    if (fill === null) continue;
    const marked = picture.boxes.filter((b) => b.mark === mark && !b.current);
    if (marked.length === 0) continue;
    lines.push(`  classDef ${mark} fill:${fill},stroke:#555`);
    lines.push(`  class ${marked.map((b) => name.get(b.id)).join(',')} ${mark}`);
  }
  const current = picture.boxes.filter((b) => b.current);
  if (current.length > 0) {
    lines.push(`  classDef current fill:${CURRENT_FILL},stroke:#1b5e20,stroke-width:3px`);
    lines.push(`  class ${current.map((b) => name.get(b.id)).join(',')} current`);
  }
  lines.push(...picture.notes.map((n) => `  %% ${oneLine(n)}`));
  return lines;
}

function box(b: Box, name: string): string {
  const rows = b.rows.map((r) => [r.name, r.detail, r.tags.join(' ')].filter(Boolean).join(' · '));
  const label = [`<b>${text(b.title)}</b>`, ...(b.subtitle ? [`<i>${text(b.subtitle)}</i>`] : []), ...rows.map(text)];
  return `${name}["${label.join('<br/>')}"]`;
}

function edge(e: Edge, name: ReadonlyMap<string, string>): string {
  const label = e.label ? `|"${text(e.label)}"|` : '';
  return `${name.get(e.from)} ${ARROW[e.kind]}${label} ${name.get(e.to)}`;
}

/** Text inside a quoted Mermaid label: its quotes and angle brackets as Mermaid's entity codes. */
function text(s: string): string {
  return oneLine(s).replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

/** An attribute's type or name: the word characters Mermaid's ER grammar takes, the rest as `_`. */
function word(s: string): string {
  const w = s.replace(/[^A-Za-z0-9_\-[\]()]/g, '_');
  return /^[A-Za-z_*]/.test(w) ? w : `_${w}`;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
