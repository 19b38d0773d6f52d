// Where the notes view may take a note's image from: https, a raster `data:` URL, or a file inside
// the notes folder (the only local folder the webview may read), by its real path too. Everything
// else is shown as a placeholder with the alt text.
import path from 'node:path';
import { containmentSync } from './containment';

/** A URL the webview loads as it is, a local file it loads through a webview URI, or nothing. */
export type ImageSource = { url: string } | { file: string } | null;

const DATA_IMAGE = /^data:image\/(png|jpe?g|gif|webp);base64,/i;

/** `src` as the renderer hands it over (percent-escapes decoded), for a note in `noteDir`. */
export function imageSource(src: string, noteDir: string, root: string): ImageSource {
  const s = src.trim().replace(/^<(.*)>$/, '$1');
  if (/^https:\/\//i.test(s) || DATA_IMAGE.test(s)) return { url: s };
  if (/^[a-z][a-z0-9+.-]*:/i.test(s) && !/^[a-z]:[\\/]/i.test(s)) return null;
  const file = path.resolve(noteDir, s.split(/[?#]/)[0].replace(/\\/g, '/'));
  const rel = path.relative(root, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  // A symbolic link out of the notes folder is refused; a missing file fails to load in the view.
  if (containmentSync(root, file).kind === 'outside') return null;
  return { file };
}
