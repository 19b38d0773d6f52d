// Which talks a view shows: all, those with one status, or those with a tag or a speaker. Plain
// data, so a filter can be remembered (the extension keeps it per workspace) and read back safely.
import { TALK_STATUSES, type Talk, type TalkStatus } from './model';
import { naturalCompare } from './naturalOrder';

export type TalkFilter =
  { kind: 'all' } | { kind: 'status'; status: TalkStatus } | { kind: 'tag'; tag: string } | { kind: 'speaker'; speaker: string };

export const ALL_TALKS: TalkFilter = { kind: 'all' };

/** Longest tag or speaker name a remembered filter may hold (anything longer is not ours). */
const MAX_VALUE_CHARS = 500;

export function talkMatches(talk: Talk, filter: TalkFilter): boolean {
  switch (filter.kind) {
    case 'all':
      return true;
    case 'status':
      return talk.status === filter.status;
    case 'tag':
      return talk.tags.includes(filter.tag);
    case 'speaker':
      return talk.speakers.includes(filter.speaker);
  }
}

/** A filter read back from storage (or anywhere untrusted); anything malformed means all talks. */
export function parseTalkFilter(raw: unknown): TalkFilter {
  if (!raw || typeof raw !== 'object') return ALL_TALKS;
  const r = raw as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= MAX_VALUE_CHARS ? v : null);
  switch (r.kind) {
    case 'status':
      return TALK_STATUSES.includes(r.status as TalkStatus) ? { kind: 'status', status: r.status as TalkStatus } : ALL_TALKS;
    case 'tag': {
      const tag = text(r.tag);
      return tag ? { kind: 'tag', tag } : ALL_TALKS;
    }
    case 'speaker': {
      const speaker = text(r.speaker);
      return speaker ? { kind: 'speaker', speaker } : ALL_TALKS;
    }
    default:
      return ALL_TALKS;
  }
}

export interface FilterChoice {
  value: string;
  /** How many talks have it. */
  count: number;
}

/** The tags and speakers of the talks, most talks first, then in natural order. Linear in the talks (plus sorting). */
export function filterChoices(talks: readonly Talk[]): { tags: FilterChoice[]; speakers: FilterChoice[] } {
  const tags = new Map<string, number>();
  const speakers = new Map<string, number>();
  for (const talk of talks) {
    for (const tag of new Set(talk.tags)) tags.set(tag, (tags.get(tag) ?? 0) + 1);
    for (const speaker of new Set(talk.speakers)) speakers.set(speaker, (speakers.get(speaker) ?? 0) + 1);
  }
  const sorted = (m: Map<string, number>) =>
    [...m].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || naturalCompare(a.value, b.value));
  return { tags: sorted(tags), speakers: sorted(speakers) };
}
