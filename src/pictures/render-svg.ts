import { renderDot } from './render-dot.js';
import type { Picture } from './picture.js';

/*
 * A picture laid out and drawn as SVG in this process, by Graphviz compiled
 * to WebAssembly (@hpcc-js/wasm-graphviz): no system binary, no browser.
 */

type Graphviz = Awaited<ReturnType<(typeof import('@hpcc-js/wasm-graphviz'))['Graphviz']['load']>>;
let loaded: Promise<Graphviz> | null = null;

/** Graphviz's WebAssembly, loaded on first use. */
function graphviz(): Promise<Graphviz> {
  loaded ??= import('@hpcc-js/wasm-graphviz').then((m) => m.Graphviz.load());
  return loaded;
}

/** Pictures with more boxes than this are laid out fast (`DotOptions.fast`). */
const LARGE = 150;

/** The SVG of a picture, without the XML prologue, so it can be put inside an HTML page as it is. */
export async function renderSvg(picture: Picture): Promise<string> {
  const dot = renderDot(picture, { fast: picture.boxes.length > LARGE });
  const svg = (await graphviz()).layout(dot, 'svg', 'dot');
  return svg.slice(svg.indexOf('<svg'));
}
