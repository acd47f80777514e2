import { compareText } from './compare-values.js';

export interface SchemasComparison {
  /** Schemas the target owns and the current side lacks, sorted. */
  create: string[];
  /** Schemas only the current side has, sorted. */
  drop: string[];
}

export function compareSchemas(current: readonly string[], target: readonly string[]): SchemasComparison {
  const currentSet = new Set(current);
  const targetSet = new Set(target);
  return {
    create: [...targetSet].filter((schema) => !currentSet.has(schema)).sort(compareText),
    drop: [...currentSet].filter((schema) => !targetSet.has(schema)).sort(compareText),
  };
}
