import type { ObjectOperation } from '../../../ops/objects/object-operations.js';
import { assertNever } from '../../../util/assert-never.js';
import { compileSetComment } from './comment.js';
import { compileAlterDomain, compileCreateDomain, compileDropDomain } from './domain.js';
import {
  compileCreateFunction,
  compileCreateTrigger,
  compileDropFunction,
  compileDropTrigger,
  compileReplaceFunction,
} from './routine.js';
import {
  compileAlterSequence,
  compileCreateExtension,
  compileCreateSequence,
  compileDropExtension,
  compileDropSequence,
} from './sequence-extension.js';
import type { Statement } from '../statement.js';
import { compileCreateView, compileDropView, compileReplaceView } from './view.js';

/** The statements of an operation on an extension, sequence, domain, view, routine, trigger or comment. */
export function compileObjectOperation(op: ObjectOperation): Statement[] {
  switch (op.kind) {
    case 'createExtension':
      return compileCreateExtension(op);
    case 'dropExtension':
      return compileDropExtension(op);
    case 'createSequence':
      return compileCreateSequence(op);
    case 'dropSequence':
      return compileDropSequence(op);
    case 'alterSequence':
      return compileAlterSequence(op);
    case 'createDomain':
      return compileCreateDomain(op);
    case 'dropDomain':
      return compileDropDomain(op);
    case 'alterDomain':
      return compileAlterDomain(op);
    case 'createView':
      return compileCreateView(op);
    case 'dropView':
      return compileDropView(op);
    case 'replaceView':
      return compileReplaceView(op);
    case 'createFunction':
      return compileCreateFunction(op);
    case 'dropFunction':
      return compileDropFunction(op);
    case 'replaceFunction':
      return compileReplaceFunction(op);
    case 'createTrigger':
      return compileCreateTrigger(op);
    case 'dropTrigger':
      return compileDropTrigger(op);
    case 'setComment':
      return compileSetComment(op);
    default:
      return assertNever(op, 'operation kind');
  }
}
