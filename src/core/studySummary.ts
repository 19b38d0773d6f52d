// What a conference's notes hold of the slides and the videos, talk by talk: the slides quoted and
// the moments of the video paired with a slide (quotesAndMoments.ts reads both). `talk-notes check
// --summary` prints it; a talk with neither is simply not listed, it is no problem.
import path from 'node:path';
import type { NotesWorkspace, Talk } from './model';
import { readNoteOnDisk } from './noteOnDisk';
import { ownSlidesOf, readQuotesAndMoments, type NoteMoment, type NoteQuote } from './quotesAndMoments';

export interface TalkStudy {
  talk: Talk;
  quotes: NoteQuote[];
  moments: NoteMoment[];
}

export interface SummaryOptions {
  /** Folder the `slides:` paths are relative to; defaults to the workspace root. */
  slidesRoot?: string;
}

/**
 * The talks whose notes quote their slides or pair slides with moments, in the workspace's order.
 * A note is read from disk as it is now, only when its real path is inside the notes folder; a
 * note that cannot be read as UTF-8 text is left out (`check` reports it).
 */
export function studySummary(ws: NotesWorkspace, options: SummaryOptions = {}): TalkStudy[] {
  const slidesRoot = path.resolve(options.slidesRoot ?? ws.root);
  const out: TalkStudy[] = [];
  for (const talk of ws.tracks.flatMap(t => t.talks)) {
    if (talk.lock) continue;
    const file = path.join(ws.root, ...talk.file.split('/'));
    const disk = readNoteOnDisk(ws.root, file);
    if (disk.kind !== 'text') continue;
    const slides = talk.slides ? path.join(slidesRoot, ...talk.slides.split('/')) : null;
    // Without slides of its own a talk's `….pdf#page=` links name other decks; `#slide=N` still counts.
    const { quotes, moments } = readQuotesAndMoments(disk.text, { isOwnSlides: slides ? ownSlidesOf(file, slides) : () => false });
    if (quotes.length || moments.length) out.push({ talk, quotes, moments });
  }
  return out;
}
