// What importing an outline again does to a note that already exists. The outline owns a few
// front matter fields — what the conference published: title, speakers, order, links — and the
// rest of the note is the user's: the notes text, personal notes, status, tags, any other key.
// Owned fields are changed through byte-preserving front matter edits, one key at a time;
// anything that cannot be edited that way leaves the note untouched.
import { isDeepStrictEqual } from 'node:util';
import { frontMatterFieldEdit, splitFrontMatter, type FrontMatterValue } from './frontMatter';
import { parseConference, parseTalk, parseTrackIndex } from './talkFile';

/** What a planned file is to the loader. */
export type PlannedKind = 'conference' | 'track' | 'talk';

/**
 * The front matter fields an outline or schedule owns in each kind of file, in the order they are
 * written. Schedules also own when and where a talk happens (`slidesUrl`, `day`, `start`, `room`).
 */
export const OWNED_FIELDS: Readonly<Record<PlannedKind, readonly string[]>> = {
  conference: ['title', 'slidesDownload', 'replay'],
  track: ['title', 'order'],
  talk: ['title', 'speakers', 'order', 'slides', 'video', 'article', 'slidesUrl', 'day', 'start', 'room'],
};

/** The value the outline gives each owned field; a field the outline says nothing about is absent. */
export type OwnedFields = Record<string, Exclude<FrontMatterValue, null>>;

/** The owned fields of `data` that have a value (null, undefined and empty lists are "nothing"). */
export function ownedFields(kind: PlannedKind, data: Record<string, unknown>): OwnedFields {
  const out: OwnedFields = {};
  for (const key of OWNED_FIELDS[kind]) {
    const value = data[key];
    if (typeof value === 'string' || typeof value === 'number') out[key] = value;
    else if (Array.isArray(value) && value.length && value.every(v => typeof v === 'string')) out[key] = value as string[];
  }
  return out;
}

export interface FieldChange {
  field: string;
  /** The value as the note's front matter had it; null when the key was not there. */
  before: unknown;
  after: Exclude<FrontMatterValue, null>;
}

export type ExistingNoteUpdate =
  /** The note already says what the outline says. */
  | { kind: 'unchanged' }
  | { kind: 'update'; text: string; changes: FieldChange[] }
  /** The note is left alone; `message` says why and what to do. */
  | { kind: 'refused'; message: string };

/** The owned fields as the loader reads them (with its fallbacks and normalisation). */
function loadedFields(kind: PlannedKind, bytes: Uint8Array, file: string): Record<string, unknown> {
  switch (kind) {
    case 'talk': {
      const { talk } = parseTalk(bytes, file, file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '');
      return {
        title: talk.title,
        speakers: talk.speakers,
        order: talk.order,
        slides: talk.slides,
        video: talk.video,
        article: talk.article,
        // A schedule's fields are plain front matter keys, kept by the loader as they are.
        slidesUrl: talk.extra.slidesUrl,
        day: talk.extra.day,
        start: talk.extra.start,
        room: talk.extra.room,
      };
    }
    case 'track': {
      const { title, order } = parseTrackIndex(bytes, file);
      return { title, order };
    }
    case 'conference': {
      const { title, slidesDownload, replay } = parseConference(bytes, file).conference;
      return { title, slidesDownload, replay };
    }
  }
}

/**
 * The text of an existing note with the outline's `fields` written into it, or why that cannot
 * be done safely. A field counts as changed when the loader would show something else for it (so
 * `speakers: A & B` already matches the outline's `[A, B]`, and a title given by the first
 * heading needs no `title:` line). Pure.
 */
export function updateOwnedFields(bytes: Uint8Array, file: string, kind: PlannedKind, fields: OwnedFields): ExistingNoteUpdate {
  let text: string;
  try {
    if (bytes.includes(0)) throw new Error('binary');
    // ignoreBOM keeps a BOM in the text, so it is written back.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return {
      kind: 'refused',
      message:
        'This file is not UTF-8 text, so the import left it alone. Save it as UTF-8 and import again, or import with --force to replace it (a copy is kept).',
    };
  }
  const loaded = loadedFields(kind, bytes, file);
  const written = splitFrontMatter(text).data;
  const changes: FieldChange[] = [];
  for (const field of OWNED_FIELDS[kind]) {
    const after = fields[field];
    if (after === undefined || isDeepStrictEqual(loaded[field], after)) continue;
    changes.push({ field, before: Object.hasOwn(written, field) ? written[field] : null, after });
  }
  if (!changes.length) return { kind: 'unchanged' };
  let next = text;
  for (const change of changes) {
    const edit = frontMatterFieldEdit(next, change.field, change.after);
    if ('error' in edit) {
      return {
        kind: 'refused',
        message: `The outline changes "${change.field}" here, but ${edit.error}. The import left this note alone; fix its front matter and import again, or import with --force to replace it (a copy is kept).`,
      };
    }
    next = next.slice(0, edit.offset) + edit.text + next.slice(edit.offset + edit.length);
  }
  return { kind: 'update', text: next, changes };
}

const MAX_DESCRIBED = 120;

/** A front matter value as one short line of text, for the list of changes. */
export function describeFieldValue(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (Array.isArray(value)) {
    const shown = value.slice(0, 10).map(v => (typeof v === 'string' || typeof v === 'number' ? describeFieldValue(v) : '…'));
    text = `[${shown.join(', ')}${value.length > 10 ? ', …' : ''}]`;
  } else if (typeof value === 'object') text = '{…}';
  else text = String(value);
  if (text.length <= MAX_DESCRIBED) return text;
  let cut = MAX_DESCRIBED - 1;
  // Never end on half a surrogate pair.
  if (/[\uD800-\uDBFF]/.test(text[cut - 1])) cut--;
  return `${text.slice(0, cut)}…`;
}
