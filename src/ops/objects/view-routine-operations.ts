import { HARMLESS, removedOf, withNote, type FamilySpecs } from '../families/spec.js';
import type { Op, ViewRoutineOperation } from './kinds/view-routine.js';
export type { ViewRoutineOperation } from './kinds/view-routine.js';

export const VIEW_ROUTINE_SPECS: FamilySpecs<ViewRoutineOperation['kind']> = {
  createView: {
    summary: 'Creates a view or materialized view (with its indexes).',
    ...HARMLESS,
    describe: (op) => `create ${viewWord(op.view.materialized)} ${op.view.schema}.${op.view.name}`,
    reverse: ({ view, note }) =>
      withNote(
        { kind: 'dropView', schema: view.schema, name: view.name, materialized: view.materialized, removed: view },
        note,
      ),
  },
  dropView: {
    summary: 'Drops a view or materialized view.',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeDropView,
    reverse: (op) => withNote({ kind: 'createView', view: removedOf(describeDropView(op), op.removed) }, op.note),
  },
  replaceView: {
    summary: 'Replaces the query or options of a view whose columns stay the same (`CREATE OR REPLACE VIEW`).',
    ...HARMLESS,
    describe: describeReplaceView,
    reverse: (op) => ({ kind: 'replaceView', view: removedOf(describeReplaceView(op), op.from), from: op.view }),
  },
  createFunction: {
    summary: 'Creates a function, procedure or aggregate from its definition, bodies unchecked as pg_dump does.',
    ...HARMLESS,
    describe: (op) => `create ${op.function.kind} ${routineName(op.function)}`,
    reverse: ({ function: fn, note }) =>
      withNote(
        {
          kind: 'dropFunction',
          schema: fn.schema,
          name: fn.name,
          routine: fn.kind,
          argumentTypes: fn.argumentTypes,
          removed: fn,
        },
        note,
      ),
  },
  dropFunction: {
    summary: 'Drops a function, procedure or aggregate by its argument types.',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeDropFunction,
    reverse: (op) =>
      withNote({ kind: 'createFunction', function: removedOf(describeDropFunction(op), op.removed) }, op.note),
  },
  replaceFunction: {
    summary: 'Replaces a routine whose arguments and result stay the same (`CREATE OR REPLACE`).',
    ...HARMLESS,
    describe: describeReplaceFunction,
    reverse: (op) => ({
      kind: 'replaceFunction',
      function: removedOf(describeReplaceFunction(op), op.from),
      from: op.function,
    }),
  },
};

function describeDropView(op: Op<'dropView'>): string {
  return `drop ${viewWord(op.materialized ?? op.removed?.materialized ?? false)} ${op.schema}.${op.name}`;
}

function describeReplaceView(op: Op<'replaceView'>): string {
  return `replace view ${op.view.schema}.${op.view.name}`;
}

function describeDropFunction(op: Op<'dropFunction'>): string {
  return `drop ${op.routine} ${routineName(op)}`;
}

function describeReplaceFunction(op: Op<'replaceFunction'>): string {
  return `replace ${op.function.kind} ${routineName(op.function)}`;
}

function viewWord(materialized: boolean): string {
  return materialized ? 'materialized view' : 'view';
}

function routineName(routine: { schema: string; name: string; argumentTypes: string }): string {
  return `${routine.schema}.${routine.name}(${routine.argumentTypes})`;
}
