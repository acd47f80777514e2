import type { Operation } from '../../ops/operation.js';
import type { RenameHint } from '../../schema/renames.js';
import { renamesInOrder } from '../order/rename-order.js';
import { AthanorError } from '../../util/errors.js';
import { renderJsString } from '../../util/js-string.js';
import { renderKey } from '../../util/render-value.js';
import { identity, renameCandidates, type RenameCandidate, type RenamePair } from './candidates.js';
import type { Renamable } from './renamables.js';
import {
  describeRenamable,
  noRenameFlag,
  renameFlag,
  requestNames,
  spellingOf,
  type RenameRequest,
} from './requests.js';

/** What has been said about renames so far: the model's hints, the flags, and the answers at the prompt. */
export interface RenameAnswers {
  hints: readonly RenameHint[];
  renames: readonly RenameRequest[];
  keep: readonly RenameRequest[];
  /** Answers at the prompt, by the dropped object's identity: the new name, or null for drop and create. */
  chosen: Map<string, string | null>;
  /** The flags that named something, to refuse those that never did. */
  used: Set<RenameRequest>;
}

/** A dropped object that may have been renamed, and what it may have become, best first. */
export interface RenameQuestion {
  from: Renamable;
  options: RenameCandidate[];
}

interface RenameRound {
  /** The renames decided in this round, in the order they run. */
  apply: RenamePair[];
  /** Candidates nothing decides yet. */
  open: RenameQuestion[];
}

/** Kinds whose names a naming convention makes; renamed along with what their name embeds. */
const DERIVED = new Set(['index', 'constraint', 'policy', 'trigger', 'sequence']);

/**
 * One round of decisions over the pairs of dropped and created objects (and
 * the `swaps`, of kept and created objects, which only hints and flags
 * decide): the model's hints first, then `--rename` flags, then answers at the prompt;
 * and a convention-made name (index, constraint, ...) that embeds a name
 * renamed so far follows it. What is left open are the candidates no one
 * decided: not kept by `--no-rename` or the prompt.
 */
export function decideRenames(
  pairs: readonly RenamePair[],
  answers: RenameAnswers,
  done: readonly RenamePair[],
  swaps: readonly RenamePair[] = [],
): RenameRound {
  const apply: RenamePair[] = [];
  // A rename away from a name the model gives a new object is a hint's or a flag's only.
  const named = [...pairs, ...swaps];
  for (const hint of answers.hints) {
    const found = named.find(
      (p) =>
        p.to.kind === hint.kind &&
        p.to.schema === hint.schema &&
        p.to.table === hint.table &&
        p.to.name === hint.to &&
        p.from.name === hint.from,
    );
    if (found) apply.push(found);
  }
  for (const request of answers.renames) {
    const found = named.filter((p) => p.to.name === request.to && requestNames(request, p.from));
    if (found.length > 1)
      throw ambiguous(
        request,
        found.map((p) => p.from),
      );
    if (found.length === 1) {
      apply.push(found[0]!);
      answers.used.add(request);
    }
  }
  for (const pair of pairs) if (answers.chosen.get(identity(pair.from)) === pair.to.name) apply.push(pair);
  const candidates = renameCandidates(pairs);
  const renamed = [...done, ...apply];
  for (const c of candidates) {
    if (
      DERIVED.has(c.from.kind) &&
      c.from.signature === c.to.signature &&
      renamedNames(c.from.name, renamed).has(c.to.name)
    )
      apply.push(c);
  }
  const chosen = unique(apply);
  for (const request of answers.keep) if (pairs.some((p) => requestNames(request, p.from))) answers.used.add(request);
  return { apply: chosen, open: openQuestions(candidates, chosen, answers) };
}

/** The pairs without repeats, in the order they run (`renamesInOrder`); the same object renamed two ways is refused. */
function unique(pairs: RenamePair[]): RenamePair[] {
  const byFrom = new Map<string, RenamePair>();
  const toTaken = new Map<string, RenamePair>();
  for (const pair of pairs) {
    const key = identity(pair.from);
    const other = byFrom.get(key);
    if (other !== undefined && identity(other.to) !== identity(pair.to)) {
      throw new AthanorError(
        'bad-rename',
        `${describeRenamable(pair.from)} is renamed both to ${other.to.name} and to ${pair.to.name}; keep one`,
      );
    }
    const rival = toTaken.get(identity(pair.to));
    if (rival !== undefined && identity(rival.from) !== key) {
      throw new AthanorError(
        'bad-rename',
        `both ${describeRenamable(rival.from)} and ${describeRenamable(pair.from)} are renamed to ${pair.to.name}; keep one`,
      );
    }
    byFrom.set(key, pair);
    toTaken.set(identity(pair.to), pair);
  }
  return renamesInOrder([...byFrom.values()]);
}

/** At most this many spellings are tried for one name. */
const MAX_SPELLINGS = 256;

/**
 * What `name` becomes when names it embeds are renamed, one occurrence at a
 * time, in any order: `users_name_key` to `users_display_name_key`, and with
 * the table renamed too, `people_display_name_key`.
 */
function renamedNames(name: string, renamed: readonly RenamePair[]): Set<string> {
  const found = new Set([name]);
  for (let pass = 0; pass < renamed.length && found.size < MAX_SPELLINGS; pass++) {
    for (const spelled of [...found]) {
      for (const { from, to } of renamed) {
        for (
          let at = spelled.indexOf(from.name);
          at >= 0 && found.size < MAX_SPELLINGS;
          at = spelled.indexOf(from.name, at + 1)
        ) {
          found.add(spelled.slice(0, at) + to.name + spelled.slice(at + from.name.length));
        }
      }
    }
  }
  return found;
}

function openQuestions(candidates: RenameCandidate[], chosen: RenamePair[], answers: RenameAnswers): RenameQuestion[] {
  const decidedFrom = new Set(chosen.map((p) => identity(p.from)));
  const takenTo = new Set(chosen.map((p) => identity(p.to)));
  const questions = new Map<string, RenameQuestion>();
  for (const c of candidates) {
    const key = identity(c.from);
    if (decidedFrom.has(key) || takenTo.has(identity(c.to)) || answers.chosen.has(key)) continue;
    if (answers.keep.some((request) => requestNames(request, c.from))) continue;
    let question = questions.get(key);
    if (question === undefined) questions.set(key, (question = { from: c.from, options: [] }));
    question.options.push(c);
  }
  return withFirstSuggestionsApart([...questions.values()]);
}

/**
 * The questions, each with first the option that a one-to-one choice gives
 * it (the best scores first, each new object given once), then the rest in
 * their order: taking every first suggestion renames no two objects to one name.
 * A question whose options the others all took keeps its order.
 */
function withFirstSuggestionsApart(questions: RenameQuestion[]): RenameQuestion[] {
  const all = questions.flatMap((q) => q.options).sort((a, b) => b.score - a.score);
  const given = new Map<string, RenameCandidate>();
  const taken = new Set<string>();
  for (const c of all) {
    const from = identity(c.from);
    const to = identity(c.to);
    if (given.has(from) || taken.has(to)) continue;
    given.set(from, c);
    taken.add(to);
  }
  return questions.map((q) => {
    const first = given.get(identity(q.from));
    return first === undefined ? q : { ...q, options: [first, ...q.options.filter((o) => o !== first)] };
  });
}

function ambiguous(request: RenameRequest, objects: Renamable[]): AthanorError {
  const names = [...new Set(objects.map(spellingOf))].sort().join(', ');
  return new AthanorError(
    'bad-rename',
    `--rename ${request.spelled} names more than one object (${names}); write it with its table, schema or kind`,
  );
}

/** A rename candidate as `check` reports it. */
export interface CandidateReport {
  kind: Renamable['kind'];
  /** What is gone: `public.users.name`. */
  from: string;
  /** What may have replaced it: `public.users.display_name`. */
  to: string;
  /** 0 to 1: how well the definitions (and a little, the names) match. */
  score: number;
  /** 1 for the best candidate of what is gone, 2 for the next, ... */
  rank: number;
  /** The flags of `revision --autogenerate` that decide it either way. */
  rename: string;
  keep: string;
}

/** Every candidate of the open questions, ranked within each. */
export function candidateReports(questions: readonly RenameQuestion[]): CandidateReport[] {
  const qualified = (o: Renamable): string =>
    o.kind === 'schema' ? o.name : [o.schema, o.table, o.name].filter((p) => p !== undefined).join('.');
  return questions.flatMap(({ from, options }) =>
    options.map((c, i) => ({
      kind: from.kind,
      from: qualified(from),
      to: qualified(c.to),
      score: c.score,
      rank: i + 1,
      rename: renameFlag(from, c.to.name),
      keep: noRenameFlag(from),
    })),
  );
}

/** One line per open question: what was dropped, what was added, and the flags that decide it. */
export function questionLines(questions: readonly RenameQuestion[]): string[] {
  return questions.map(({ from, options }) => {
    const best = options[0]!;
    const others =
      options.length > 1
        ? ` (or ${options
            .slice(1)
            .map((o) => o.to.name)
            .join(', ')})`
        : '';
    const gone = `${describeRenamable(from)} is gone and ${describeRenamable(best.to)} is new`;
    const rename = `${renameFlag(from, best.to.name)}${others}`;
    if (from.kind === 'enumValue') {
      const hint = `renamedValues: { ${renderKey(best.to.name)}: ${renderJsString(from.name)} }`;
      return `${gone}: pass ${rename} to rename it (rows holding it then read '${best.to.name}'), or ${noRenameFlag(from)} to remove it and add the new one; or write ${hint} in the enum's options`;
    }
    return `${gone}: pass ${rename} to rename it, or ${noRenameFlag(from)} to drop it and create the new one`;
  });
}

/** The operation that renames `pair.from` to `pair.to`. */
export function renameOperation({ from, to }: RenamePair): Operation {
  const names = { from: from.name, to: to.name };
  switch (from.kind) {
    case 'schema':
      return { kind: 'renameSchema', ...names };
    case 'table':
      return { kind: 'renameTable', schema: from.schema, ...names };
    case 'column':
      return { kind: 'renameColumn', schema: from.schema, table: from.table!, ...names };
    case 'index':
      return { kind: 'renameIndex', schema: from.schema, ...names };
    case 'constraint':
    case 'policy':
    case 'trigger':
      return { kind: 'renameObject', object: from.kind, schema: from.schema, table: from.table!, ...names };
    case 'function':
    case 'procedure':
    case 'aggregate':
      return {
        kind: 'renameObject',
        object: from.kind,
        schema: from.schema,
        argumentTypes: from.argumentTypes ?? '',
        ...names,
      };
    case 'enumValue':
      return { kind: 'renameEnumValue', schema: from.schema, name: from.table!, ...names };
    case 'range': {
      // Postgres keeps the multirange's name: renamed too where the model's differs (its default name, say).
      const { multirange: was } = from;
      const { multirange: next } = to;
      const also =
        was !== undefined && next !== undefined && was !== next ? { multirange: { from: was, to: next } } : {};
      return { kind: 'renameObject', object: from.kind, schema: from.schema, ...also, ...names };
    }
    case 'enum':
    case 'domain':
    case 'composite':
    case 'sequence':
    case 'view':
    case 'materializedView':
      return { kind: 'renameObject', object: from.kind, schema: from.schema, ...names };
  }
}
