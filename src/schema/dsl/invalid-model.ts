import { AthanorError } from '../../util/errors.js';

/** The error of a model that cannot be built: `where` names the place (`table app.users, column email`). */
export function invalidModel(where: string, problem: string): AthanorError {
  return new AthanorError('invalid-model', `${where}: ${problem}`);
}
