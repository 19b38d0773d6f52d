// What to say about a caught error: its message for people, its errno code for decisions.

/** The error's message (or the thrown value as text), for a problem or a log line. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The errno-style code of a file system error (`ENOENT`, `EACCES`…), or ''. */
export function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** What to show in a message about a file system failure: the errno code when there is one, else the message. */
export function errorReason(err: unknown): string {
  return errorCode(err) || errorText(err);
}

/** The code, when there is one, and the message: for a log line, where both help. */
export function errorDetail(err: unknown): string {
  const code = errorCode(err);
  return code ? `${code}: ${errorText(err)}` : errorText(err);
}
