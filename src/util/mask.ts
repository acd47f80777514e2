/**
 * Masks credentials in any text that may contain connection URLs or
 * `password=...` settings, so that no message or log ever shows a password.
 */
export function maskCredentials(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)([^:@/\s]*):([^@/\s]*)@/gi, (_m, scheme: string, user: string) => `${scheme}${user}:****@`)
    .replace(/(password\s*=\s*)('[^']*'|"[^"]*"|\S+)/gi, '$1****');
}
