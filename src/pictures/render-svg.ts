import { renderDot } from './render-dot.js';
import type { Picture } from './picture.js';

/*
 * A picture laid out and drawn as SVG in this process, by Graphviz compiled
 * to WebAssembly (@hpcc-js/wasm-graphviz): no system binary, no browser.
 */

type Graphviz = Awaited<ReturnType<(typeof import('@hpcc-js/wasm-graphviz'))['Graphviz']['load']>>;
let loaded: Promise<Graphviz> | null = null;

/** Graphviz's WebAssembly, loaded on first use (or when `loadGraphviz` starts it early). */
function graphviz(): Promise<Graphviz> {
  loaded ??= import('@hpcc-js/wasm-graphviz').then((m) => m.Graphviz.load());
  return loaded;
}

/** Starts loading Graphviz, so that it compiles while the caller reads what it will draw. */
export function loadGraphviz(): Promise<unknown> {
  // A failure is the layout's to report, when it asks for Graphviz.
  return graphviz().catch(() => undefined);
}

/** Pictures with more boxes than this are laid out fast (`DotOptions.fast`). */
const LARGE = 150;

/**
 * The SVG of a picture, without the XML prologue, so it can be put inside an HTML page as it is. Should
 * dot fail on a graph (its WebAssembly stack is smaller than a native one's), the picture is laid out
 * by `osage` instead: its groups packed side by side, edges drawn straight.
 */
export async function renderSvg(picture: Picture): Promise<string> {
  const dot = renderDot(picture, { fast: picture.boxes.length > LARGE });
  let svg: string;
  try {
    svg = (await graphviz()).layout(dot, 'svg', 'dot');
  } catch {
    // The failed instance is unloaded; a new one lays the picture out.
    loaded = null;
    svg = (await graphviz()).layout(dot, 'svg', 'osage');
  }
  return svg.slice(svg.indexOf('<svg'));
}
