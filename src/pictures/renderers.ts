import type { Picture, PictureFormat } from './picture.js';
import { renderDot } from './render-dot.js';
import { renderHtml } from './render-html.js';
import { renderMermaid } from './render-mermaid.js';
import { loadGraphviz, renderSvg } from './render-svg.js';

/** Each format's renderer. */
export const RENDERERS: Readonly<Record<PictureFormat, (picture: Picture) => Promise<string>>> = {
  svg: renderSvg,
  html: renderHtml,
  mermaid: async (picture) => renderMermaid(picture),
  dot: async (picture) => renderDot(picture),
};

export function renderPicture(picture: Picture, format: PictureFormat): Promise<string> {
  return RENDERERS[format](picture);
}

/** What a format's renderer loads before it draws, started early (Graphviz's WebAssembly for svg and html). */
const PREPARE: Readonly<Record<PictureFormat, () => void>> = {
  svg: () => void loadGraphviz(),
  html: () => void loadGraphviz(),
  mermaid: () => undefined,
  dot: () => undefined,
};

export function prepareRenderer(format: PictureFormat): void {
  PREPARE[format]();
}
