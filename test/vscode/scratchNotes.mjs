#!/usr/bin/env node
// A scratch copy of the bundled notes for running the extension by hand (`npm start`, F5). Running
// it changes notes (status, personal notes, located PDFs); the tracked notes/ must not be what
// changes. The copy lives in .talk-notes-cache/ (ignored by git) and is kept between runs, so what
// you wrote yesterday is still there; `--fresh` starts over.
//
// Usage: node test/vscode/scratchNotes.mjs [--fresh] [name]   prints the folder's path
//   name: folder under .talk-notes-cache/ (default "notes"; the F5 test configuration uses "test-notes")
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from './common.mjs';

/** PDFs downloaded into a notes folder are large and not the user's writing: keep them out of git. */
export const NOTES_GITIGNORE = '# Slide PDFs are downloaded from the conference; they do not belong in git.\n*.pdf\n';

export function scratchNotes({ fresh = false, name = 'notes' } = {}) {
  const dir = path.join(REPO, '.talk-notes-cache', name);
  if (fresh) fs.rmSync(dir, { recursive: true, force: true });
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.cpSync(path.join(REPO, 'notes'), dir, { recursive: true });
    fs.writeFileSync(path.join(dir, '.gitignore'), NOTES_GITIGNORE);
  }
  return dir;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const name = args.find(a => !a.startsWith('--')) ?? 'notes';
  console.log(scratchNotes({ fresh: args.includes('--fresh'), name }));
}
