import { renderSvg } from './render-svg.js';
import type { Picture } from './picture.js';

/*
 * A picture as one self-contained HTML file: the SVG, an index of its boxes,
 * a search field that finds a box by any text in it, pan (drag) and zoom
 * (wheel, buttons). Nothing is fetched: the script and style are inline.
 */

export async function renderHtml(picture: Picture): Promise<string> {
  const svg = await renderSvg(picture);
  const index = picture.boxes
    .map((b) => `<li><a href="#" data-box="${attr(`box ${b.id}`)}">${escape(b.title)}</a></li>`)
    .join('');
  const notes = picture.notes.map((n) => `<p class="note">${escape(n)}</p>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escape(picture.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><strong>${escape(picture.title)}</strong>
<input id="search" type="search" placeholder="find a table, column, revision..." autocomplete="off">
<span id="found"></span>
<button id="zoom-in" title="zoom in">+</button><button id="zoom-out" title="zoom out">&minus;</button><button id="fit" title="fit">fit</button>
</header>
<main>
<nav><ul id="index">${index}</ul>${notes}</nav>
<div id="view">${svg}</div>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return escape(s).replace(/"/g, '&quot;');
}

const STYLE = `
html, body { margin: 0; height: 100%; font: 13px Helvetica, Arial, sans-serif; }
body { display: flex; flex-direction: column; }
header { display: flex; gap: 8px; align-items: center; padding: 6px 10px; border-bottom: 1px solid #ccc; background: #f6f8fa; }
header input { flex: 0 1 320px; padding: 3px 6px; }
main { flex: 1; display: flex; min-height: 0; }
nav { width: 220px; overflow: auto; border-right: 1px solid #ddd; padding: 4px 8px; }
nav ul { list-style: none; margin: 0; padding: 0; }
nav li a { color: #234; text-decoration: none; display: block; padding: 1px 0; word-break: break-all; }
nav li.hidden { display: none; }
nav .note { color: #666; }
#view { flex: 1; overflow: hidden; cursor: grab; }
#view svg { width: 100%; height: 100%; }
g.node.hit polygon, g.node.hit path { stroke: #d00; stroke-width: 3px; }
g.node.dim { opacity: 0.25; }
`;

const SCRIPT = `
(function () {
  var svg = document.querySelector('#view svg');
  var full = svg.viewBox.baseVal;
  var box = { x: full.x, y: full.y, w: full.width, h: full.height };
  var start = { x: box.x, y: box.y, w: box.w, h: box.h };
  svg.removeAttribute('width'); svg.removeAttribute('height');
  function show() { svg.setAttribute('viewBox', box.x + ' ' + box.y + ' ' + box.w + ' ' + box.h); }
  function zoom(f, cx, cy) {
    if (cx === undefined) { cx = box.x + box.w / 2; cy = box.y + box.h / 2; }
    box.x = cx - (cx - box.x) * f; box.y = cy - (cy - box.y) * f; box.w *= f; box.h *= f; show();
  }
  function point(e) {
    var r = svg.getBoundingClientRect();
    var s = Math.max(box.w / r.width, box.h / r.height);
    return { x: box.x + (e.clientX - r.left) * s, y: box.y + (e.clientY - r.top) * s, s: s };
  }
  svg.addEventListener('wheel', function (e) { e.preventDefault(); var p = point(e); zoom(e.deltaY > 0 ? 1.2 : 1 / 1.2, p.x, p.y); }, { passive: false });
  var drag = null;
  svg.addEventListener('mousedown', function (e) { drag = { x: e.clientX, y: e.clientY, s: point(e).s }; });
  window.addEventListener('mouseup', function () { drag = null; });
  window.addEventListener('mousemove', function (e) {
    if (!drag) return;
    box.x -= (e.clientX - drag.x) * drag.s; box.y -= (e.clientY - drag.y) * drag.s;
    drag.x = e.clientX; drag.y = e.clientY; show();
  });
  document.getElementById('zoom-in').onclick = function () { zoom(1 / 1.5); };
  document.getElementById('zoom-out').onclick = function () { zoom(1.5); };
  document.getElementById('fit').onclick = function () { box = { x: start.x, y: start.y, w: start.w, h: start.h }; show(); };
  var nodes = Array.prototype.slice.call(svg.querySelectorAll('g.node'));
  function focus(node) {
    // The node's box in the SVG's own units: its coordinates pass through Graphviz's translate.
    var local = node.getBBox(), m = svg.getScreenCTM().inverse().multiply(node.getScreenCTM());
    var p = svg.createSVGPoint(); p.x = local.x; p.y = local.y; p = p.matrixTransform(m);
    var b = { x: p.x, y: p.y, width: local.width * m.a, height: local.height * m.d };
    var w = Math.max(b.width * 3, 400), h = Math.max(b.height * 3, 300);
    box = { x: b.x + b.width / 2 - w / 2, y: b.y + b.height / 2 - h / 2, w: w, h: h }; show();
  }
  var items = Array.prototype.slice.call(document.querySelectorAll('#index a'));
  items.forEach(function (a) {
    a.onclick = function (e) { e.preventDefault(); var n = document.getElementById(a.dataset.box); if (n) focus(n); };
  });
  var input = document.getElementById('search'), found = document.getElementById('found');
  input.addEventListener('input', function () {
    var q = input.value.trim().toLowerCase(), hits = [];
    nodes.forEach(function (n) {
      var hit = q !== '' && n.textContent.toLowerCase().indexOf(q) >= 0;
      n.classList.toggle('hit', hit); n.classList.toggle('dim', q !== '' && !hit);
      if (hit) hits.push(n);
    });
    items.forEach(function (a) { var n = document.getElementById(a.dataset.box); a.parentNode.classList.toggle('hidden', q !== '' && !(n && hits.indexOf(n) >= 0)); });
    found.textContent = q === '' ? '' : hits.length + ' found';
    if (hits.length > 0) focus(hits[0]);
  });
})();
`;
