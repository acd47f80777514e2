import { identity, renamePairs, swapPairs, type RenamePair } from '../../autogen/renames/candidates.js';
import {
  decideRenames,
  renameOperation,
  type RenameAnswers,
  type RenameQuestion,
} from '../../autogen/renames/decide.js';
import {
  describeRenamable,
  parseRenameRequest,
  requestNames,
  type RenameRequest,
} from '../../autogen/renames/requests.js';
import { withNotNullRenames } from '../../autogen/renames/not-null-renames.js';
import { renamables, tableParts, type Renamable } from '../../autogen/renames/renamables.js';
import { serialSequenceRenames } from '../../autogen/renames/serial-sequences.js';
import type { Operation } from '../../ops/operation.js';
import type { SchemaModel } from '../../schema/model.js';
import type { RenameHint } from '../../schema/renames.js';
import { AthanorError } from '../../util/errors.js';

/** What the command line says about renames, and how to ask in a terminal. */
export interface RenameOptions {
  /** `--rename [KIND:]PATH=NEW` values. */
  renames?: readonly string[];
  /** `--no-rename [KIND:]PATH` values. */
  keep?: readonly string[];
  /** Asks about one candidate; resolves to the new name chosen, or null for drop and create. */
  ask?: (question: RenamePrompt) => Promise<string | null>;
}

/** One candidate as a terminal asks about it. */
export interface RenamePrompt {
  /** What is gone: `column public.users.name`. */
  gone: string;
  /** True for an enum value: renamed, the rows holding it read the new value; removed, they stop the upgrade. */
  enumValue: boolean;
  /** What it may have become, best first, with how well it matches (0 to 1). */
  options: { to: string; score: number }[];
}

interface ResolvedRenames {
  /** The database as it is once the renames are made (the reflected one when there are none). */
  current: SchemaModel;
  /** The renames, in the order they run, before any other operation. */
  operations: Operation[];
  /** Candidates nothing decided. */
  open: RenameQuestion[];
}

/** At most this many rounds of deciding and trying renames: each round decides at least one. */
const MAX_ROUNDS = 100;

/**
 * Decides renames round by round: each round's renames are tried on the
 * database (`tryRenames`, in a rolled-back transaction), which shows what
 * follows them, and the next round looks at what is left. A candidate no
 * hint or flag decides is asked about when `ask` is given, else left open.
 */
export async function resolveRenames(
  live: SchemaModel,
  target: SchemaModel,
  hints: readonly RenameHint[],
  options: RenameOptions,
  tryRenames: (renames: Operation[]) => Promise<SchemaModel>,
): Promise<ResolvedRenames> {
  const answers: RenameAnswers = {
    hints,
    renames: (options.renames ?? []).map((spelled) => parseRenameRequest(spelled, true)),
    keep: (options.keep ?? []).map((spelled) => parseRenameRequest(spelled, false)),
    chosen: new Map(),
    used: new Set(),
  };
  const done: RenamePair[] = [];
  const operations: Operation[] = [];
  let current = live;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const named = answers.hints.length > 0 || answers.renames.length > 0;
    const swaps = named ? swapPairs(current, target, (o) => namedByAnswer(o, answers)) : [];
    const decided = decideRenames(renamePairs(current, target), answers, done, swaps);
    const apply = [...decided.apply, ...serialSequenceRenames(current, target, [...done, ...decided.apply])];
    const { open } = decided;
    if (apply.length > 0) {
      done.push(...apply);
      operations.push(...apply.map(renameOperation));
      current = await tryRenames(withNotNullRenames(live, operations));
    } else if (open.length > 0 && options.ask) {
      const question = open[0]!;
      const prompt = {
        gone: describeRenamable(question.from),
        enumValue: question.from.kind === 'enumValue',
        options: question.options.map((o) => ({ to: o.to.name, score: o.score })),
      };
      answers.chosen.set(identity(question.from), await options.ask(prompt));
    } else {
      refuseUnused(answers, current, target);
      return { current, operations: withNotNullRenames(live, operations), open };
    }
  }
  throw new AthanorError('bad-rename', `renames did not settle after ${MAX_ROUNDS} rounds; name them with --rename`);
}

/** Every object of `model` a rename may name, a table's parts included. */
function everyRenamable(model: SchemaModel): Renamable[] {
  return [...renamables(model), ...model.tables.flatMap(tableParts)];
}

/**
 * Whether `request` names an object of the database onto the name of
 * another that both sides keep (a table built beside the old one, meant to
 * replace it): a rename cannot drop what holds the name.
 */
function renamesOntoKept(request: RenameRequest, current: SchemaModel, target: SchemaModel): boolean {
  const kept = new Set(everyRenamable(target).map(identity));
  const named = everyRenamable(current);
  return named.some(
    (from) =>
      requestNames(request, from) &&
      named.some(
        (o) =>
          o.kind === from.kind &&
          o.schema === from.schema &&
          o.table === from.table &&
          o.name === request.to &&
          kept.has(identity(o)),
      ),
  );
}

/** Whether a hint or a `--rename` flag names `o` as what is renamed. */
function namedByAnswer(o: Renamable, answers: RenameAnswers): boolean {
  return (
    answers.hints.some((h) => h.kind === o.kind && h.schema === o.schema && h.table === o.table && h.from === o.name) ||
    answers.renames.some((request) => requestNames(request, o))
  );
}

/**
 * Whether `request` names an object of the database the model no longer
 * has: a `--no-rename` of one with nothing new beside it (no candidate) says
 * what happens anyway, that it is dropped.
 */
function namesGone(request: RenameRequest, current: SchemaModel, target: SchemaModel): boolean {
  const kept = new Set(everyRenamable(target).map(identity));
  return everyRenamable(current).some((o) => requestNames(request, o) && !kept.has(identity(o)));
}

/** A flag that named nothing is a mistake (a typo, or a rename made already): say so rather than ignore it. */
function refuseUnused(answers: RenameAnswers, current: SchemaModel, target: SchemaModel): void {
  for (const request of [...answers.renames, ...answers.keep]) {
    if (answers.used.has(request)) continue;
    if (request.to === undefined && namesGone(request, current, target)) continue;
    const flag = request.to === undefined ? '--no-rename' : '--rename';
    if (request.to !== undefined && renamesOntoKept(request, current, target))
      throw new AthanorError(
        'unknown-rename',
        `${flag} ${request.spelled}: ${request.to} is not new, the database has it too; drop it in a revision of its own first (the model without it), then rename`,
      );
    throw new AthanorError(
      'unknown-rename',
      `${flag} ${request.spelled}: no such object is gone from the database's side${request.to === undefined ? '' : ` with ${request.to} new in the model`}; run \`migrate check\` to see the candidates`,
    );
  }
}
