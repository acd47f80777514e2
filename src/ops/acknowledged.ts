import { HAZARD_CODES, HAZARD_KINDS, type Hazard } from './hazards.js';

/*
 * A revision acknowledges the hazards it means to take with
 * `export const acknowledged = [...]`: each entry is a hazard code
 * (`'rewrite-type'`), a family (`'data-loss'`), or either followed by a colon
 * and the start of the hazard's message (`'data-loss: drop column public.users.legacy'`).
 */

interface Acknowledgement {
  /** A code or a family. */
  what: string;
  /** The start of the message, when the entry gives one. */
  text?: string;
}

function parse(entry: string): Acknowledgement {
  const colon = entry.indexOf(':');
  if (colon === -1) return { what: entry.trim() };
  return { what: entry.slice(0, colon).trim(), text: entry.slice(colon + 1).trim() };
}

const known = (what: string) => what in HAZARD_CODES || (HAZARD_KINDS as readonly string[]).includes(what);

/** Why an `acknowledged` entry means nothing, or null when it is well formed. */
export function acknowledgementProblem(entry: string): string | null {
  const { what, text } = parse(entry);
  if (!known(what)) return `"${entry}" does not start with a hazard code or family (${HAZARD_KINDS.join(', ')})`;
  if (text === '')
    return `"${entry}" has nothing after its colon; give the start of the hazard's message, or leave the colon out`;
  return null;
}

/** Whether one of the entries acknowledges the hazard. */
export function isAcknowledged(hazard: Pick<Hazard, 'code' | 'kind' | 'message'>, entries: readonly string[]): boolean {
  return entries.some((entry) => {
    const { what, text } = parse(entry);
    return (what === hazard.code || what === hazard.kind) && (text === undefined || hazard.message.startsWith(text));
  });
}
