/** The SQLSTATE of a driver error (node-postgres' and PGlite's carry it as `code`), undefined for another error. */
export function sqlState(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}
