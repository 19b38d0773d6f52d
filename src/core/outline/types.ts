// The data an outline is read into, and the drafts the parser builds it from.
import type { Problem, Severity } from '../model';

export interface OutlineConference {
  title: string | null;
  slidesDownload: string | null;
  replay: string | null;
  /** Text before the first track that is not a labelled line. */
  overview: string;
}

export interface OutlineTalk {
  title: string;
  /** 1-based line of the `##` heading. */
  line: number;
  /** The number written before the title; null when the heading has none. */
  order: number | null;
  speakers: string[];
  /** Normalised slides path (relative to the outline's folder, forward slashes). */
  slides: string | null;
  video: string | null;
  article: string | null;
  /** Markdown under the heading without the labelled lines, links still relative to the outline. */
  body: string;
}

export interface OutlineTrack {
  title: string;
  /** 1-based line of the `#` heading (of the first talk for talks before any track). */
  line: number;
  /** Text between the track heading and its first talk. */
  intro: string;
  talks: OutlineTalk[];
}

export interface Outline {
  conference: OutlineConference;
  tracks: OutlineTrack[];
  problems: Problem[];
}

export type TalkField = 'slides' | 'video' | 'article';
export type ConferenceField = 'title' | 'slidesDownload' | 'replay';

export interface TalkDraft extends OutlineTalk {
  lines: string[];
  /** Where each field's kept value came from, to say which one won on a repeat. */
  from: Partial<Record<TalkField, number>>;
  /** `lines.length` when the last labelled line was taken out. */
  removedAt: number;
}

export type Report = (line: number | null, severity: Severity, message: string) => void;
