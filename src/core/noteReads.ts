// What reading one file of the notes gave, and the problems a failed, refused or crashed read means.
import { errorCode, errorText } from './errors';
import type { FilePrefix, Inspection } from './fileSystem';
import type { Problem } from './model';

/**
 * What reading one file gave: its first bytes (and size), nothing, a folder, an error, or a link
 * leading out of the notes folder (never read).
 */
export type ReadResult = FilePrefix | { missing: true } | { directory: true } | { error: string } | { outside: string };

export function readFailure(rel: string, err: unknown): ReadResult {
  const code = errorCode(err);
  if (code === 'ENOENT' || code === 'ENOTDIR') return { missing: true };
  if (code === 'EISDIR') return { directory: true };
  return { error: `cannot read ${rel.slice(rel.lastIndexOf('/') + 1)} (${errorText(err)}); check the file's permissions` };
}

/** A failure to read or parse the file replaces whatever problems parsing reported. */
export function withFailure(parsed: Problem[], failure: string | null, rel: string): Problem[] {
  return failure === null ? parsed : [{ file: rel, line: null, severity: 'error', message: failure }];
}

/** The message of a note (or `index.md`) that is a symbolic link out of the notes folder. */
export function outsideMessage(rel: string, realPath: string): string {
  return `${rel} is a symbolic link to ${realPath}, outside the notes folder, so Talk Notes does not read it; move the file into the notes folder (or replace the link with a copy of the file)`;
}

/** The problem of a link that leads nowhere, or cannot be followed. */
export function brokenLinkProblem(rel: string, inspection: Inspection): Problem | null {
  if (inspection.kind === 'dangling') {
    return {
      file: rel,
      line: null,
      severity: 'warning',
      message: `${rel} is a symbolic link to ${inspection.target}, which does not exist, so it is not listed; fix the link or delete it`,
    };
  }
  if (inspection.kind === 'unresolvable') {
    return {
      file: rel,
      line: null,
      severity: 'warning',
      message: `${rel} cannot be followed (${inspection.reason}), so it is not listed; fix the symbolic link or delete it`,
    };
  }
  return null;
}

export function crashMessage(err: unknown): string {
  return `could not read this note (${errorText(err)}); this is a bug in Talk Notes, please report it with the file`;
}

/** The problem of a notes folder that cannot be listed at all (file '.': the folder itself). */
export function rootFailure(root: string, err: unknown): Problem {
  const code = errorCode(err);
  const message =
    code === 'ENOENT'
      ? `notes folder ${root} does not exist; open or create the folder that holds index.md and the track folders`
      : code === 'ENOTDIR'
        ? `notes folder ${root} is a file, not a folder; point Talk Notes at the folder that holds index.md`
        : `cannot list the notes folder ${root} (${errorText(err)}); check its permissions`;
  return { file: '.', line: null, severity: 'error', message };
}
