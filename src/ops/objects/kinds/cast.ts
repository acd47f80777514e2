import type { CastModel } from '../../../schema/model.js';

/** Casts. A cast cannot be altered: a changed one is dropped and created again. */
export type CastOperation = Readonly<
  | { kind: 'createCast'; cast: CastModel }
  /** `removed` is the cast dropped, for the reverse. */
  | { kind: 'dropCast'; source: string; target: string; removed?: CastModel }
>;
