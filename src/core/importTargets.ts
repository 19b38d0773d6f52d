// What an import does with each planned file, given what is already on disk: create it, update
// the outline's fields in it, replace it (with `force`), or leave it alone and say why. Only
// reads; importWriter.ts does the writing.
import path from 'node:path';
import { containment } from './containment';
import type { PlannedFile } from './importer';
import { updateOwnedFields, type FieldChange } from './importUpdate';
import { errorReason } from './errors';
import { type ImportFileSystem, type WriteAction } from './importWriter';
import type { Problem } from './model';

/** What importing does with one planned file, decided before anything is written. */
export type Decision =
  /** Write it: whole (`changes` null) or with the outline's fields updated. */
  | { kind: 'write'; action: WriteAction; changes: FieldChange[] | null }
  /** An existing file left as it is. */
  | { kind: 'keep' }
  /** Not written, and nothing of the user's there to keep (a folder in the way…). */
  | { kind: 'blocked' };

export interface Inspection {
  root: string;
  force: boolean;
  fs: ImportFileSystem;
  hasUnsavedChanges(absPath: string): boolean;
  /** Real path of the outline, which is never written over. */
  outlineReal: string;
  /** A problem (or null) per track folder, so a folder in the way is reported once. */
  folders: Map<string, Problem | null>;
  problems: Problem[];
}

export const fileProblem = (file: string, severity: Problem['severity'], message: string): Problem => ({
  file,
  line: null,
  severity,
  message,
});

async function statOrNull(fs: ImportFileSystem, p: string) {
  try {
    return await fs.stat(p);
  } catch (err) {
    if (errorReason(err) === 'ENOENT') return null;
    throw err;
  }
}

/** Whether files can go into the folder of `file`: it is missing (and will be made) or a folder inside the root. */
async function folderProblem(ins: Inspection, dir: string, folder: string): Promise<Problem | null> {
  if (dir === ins.root) return null;
  const known = ins.folders.get(dir);
  if (known !== undefined) return known;
  let problem: Problem | null = null;
  try {
    const st = await statOrNull(ins.fs, dir);
    if (st && !st.isDirectory()) {
      problem = fileProblem(
        folder,
        'error',
        'A file is in the way of this track folder, so its notes were not written; move the file away and import again.',
      );
    } else if (st) {
      const where = await containment(ins.root, dir);
      if (where.kind !== 'inside')
        problem = fileProblem(
          folder,
          'error',
          'This track folder is a link leading outside the notes folder, so the import wrote nothing into it; replace the link with a folder and import again.',
        );
    }
  } catch (err) {
    problem = fileProblem(
      folder,
      'error',
      `Cannot look into this track folder (${errorReason(err)}), so its notes were not written; check its permissions.`,
    );
  }
  ins.folders.set(dir, problem);
  if (problem) ins.problems.push(problem);
  return problem;
}

export async function inspect(ins: Inspection, file: PlannedFile): Promise<Decision> {
  const abs = path.join(ins.root, ...file.path.split('/'));
  const slash = file.path.lastIndexOf('/');
  if (await folderProblem(ins, path.dirname(abs), file.path.slice(0, Math.max(slash, 0)))) return { kind: 'blocked' };
  const content = Buffer.from(file.content, 'utf8');
  const problem = (severity: Problem['severity'], message: string) => ins.problems.push(fileProblem(file.path, severity, message));
  let st;
  try {
    st = await statOrNull(ins.fs, abs);
  } catch (err) {
    problem('error', `Cannot look at this file (${errorReason(err)}), so the import left it alone; check its permissions.`);
    return { kind: 'blocked' };
  }
  if (!st) {
    if ((await ins.fs.lstat(abs).catch(() => null))?.isSymbolicLink()) {
      problem(
        'warning',
        'This file is a link to something that does not exist, so the import left it alone; remove the link and import again.',
      );
      return { kind: 'keep' };
    }
    return { kind: 'write', action: { kind: 'create', file: file.path, abs, content }, changes: null };
  }
  if (!st.isFile()) {
    problem('error', 'Something that is not a file (a folder?) is in the way of this note; move it away and import again.');
    return { kind: 'blocked' };
  }
  const where = await containment(ins.root, abs);
  if (where.kind !== 'inside') {
    problem(
      'warning',
      where.kind === 'unresolvable'
        ? `Cannot tell where this file really is (${where.reason}), so the import left it alone; check the links on its path.`
        : 'This file is a link leading outside the notes folder, so the import left it alone.',
    );
    return { kind: 'keep' };
  }
  if (where.realPath === ins.outlineReal) {
    problem('warning', 'This is the outline being imported, so it was not overwritten. Import into another folder.');
    return { kind: 'keep' };
  }
  if (ins.hasUnsavedChanges(abs) || ins.hasUnsavedChanges(where.realPath)) {
    problem('warning', 'This file has unsaved changes in the editor, so the import left it alone; save or revert it, then import again.');
    return { kind: 'keep' };
  }
  let original: Uint8Array;
  try {
    original = await ins.fs.readFile(where.realPath);
  } catch (err) {
    problem('error', `Could not read this file (${errorReason(err)}), so the import left it alone; check its permissions.`);
    return { kind: 'keep' };
  }
  // Links inside the notes folder are written through, so the link stays a link.
  const replace = (text: Uint8Array): WriteAction => ({
    kind: 'replace',
    file: file.path,
    abs: where.realPath,
    content: text,
    original,
    mode: st.mode,
  });
  // Most notes of a re-import are exactly as the last import wrote them: nothing to compare.
  if (Buffer.from(original.buffer, original.byteOffset, original.byteLength).equals(content)) return { kind: 'keep' };
  if (ins.force) return { kind: 'write', action: replace(content), changes: null };
  const update = updateOwnedFields(original, file.path, file.kind, file.fields);
  switch (update.kind) {
    case 'unchanged':
      return { kind: 'keep' };
    case 'refused':
      problem('warning', update.message);
      return { kind: 'keep' };
    case 'update':
      return { kind: 'write', action: replace(Buffer.from(update.text, 'utf8')), changes: update.changes };
  }
}
