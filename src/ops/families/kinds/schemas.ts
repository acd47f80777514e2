/** Schemas (renaming one is in the renames family). */
export type SchemaOperation = Readonly<
  { kind: 'createSchema'; schema: string } | { kind: 'dropSchema'; schema: string }
>;
