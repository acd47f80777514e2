export interface SchemasComparison {
  /** Schemas the target owns and the current side lacks (the scheduler orders them). */
  create: string[];
  /** Schemas only the current side has (the scheduler orders them). */
  drop: string[];
}

export function compareSchemas(current: readonly string[], target: readonly string[]): SchemasComparison {
  const currentSet = new Set(current);
  const targetSet = new Set(target);
  return {
    create: [...targetSet].filter((schema) => !currentSet.has(schema)),
    drop: [...currentSet].filter((schema) => !targetSet.has(schema)),
  };
}
