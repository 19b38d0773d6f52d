// What every published-schedule reader produces (pretalx and frab schedule.json, frab/Pentabarf
// schedule.xml, Sessionize "All Data"): the events as the file states them, before any of them
// becomes a note. Keeping one shape lets track grouping, ordering, link rules and text conversion
// live in one place (toOutline.ts) for every format.
import type { OutlineTalk } from '../outline';
import type { Problem } from '../model';

/** A link or attachment exactly as the schedule gives it (the URL may be relative). */
export interface ScheduleLink {
  title: string;
  url: string;
  /** The schedule's own kind (`slides`, `video`, `related`…), when it has one. */
  type: string | null;
}

export interface ScheduleEvent {
  /** The schedule's id for the event (frab id, pretalx code, Sessionize id); repeats are one talk. */
  id: string | null;
  /** Where the event is in the file, for problems: `schedule.conference.days[1].rooms["Janson"][5]`. */
  where: string;
  /** 1-based line of the event in the file, when the reader knows it. */
  line: number | null;
  title: string;
  subtitle: string;
  speakers: string[];
  track: string | null;
  /** `YYYY-MM-DD`, the conference day the event belongs to. */
  day: string | null;
  /** `HH:MM`, local time as the schedule writes it. */
  start: string | null;
  room: string | null;
  /** Sorts events of one conference chronologically (ISO date-time, or day and start). */
  when: string;
  /** Raw text: HTML, Markdown or plain, as the schedule has it. */
  abstract: string;
  description: string;
  /** The event's page on the conference site. */
  url: string | null;
  links: ScheduleLink[];
  attachments: ScheduleLink[];
  /** A recording the schedule names as such (Sessionize `recordingUrl`). */
  recording: string | null;
}

export interface ScheduleConference {
  title: string | null;
  url: string | null;
  start: string | null;
  end: string | null;
  venue: string | null;
}

export interface ScheduleData {
  /** How the format is called in messages: `pretalx schedule.json`, `frab schedule.xml`… */
  format: string;
  conference: ScheduleConference;
  /** Base for relative link and attachment URLs. */
  baseUrl: string | null;
  /** Tracks in the order the schedule declares them (possibly with unused ones). */
  tracks: string[];
  /** Rooms in the schedule's order; talks are grouped by room when no talk has a track. */
  rooms: string[];
  events: ScheduleEvent[];
  problems: Problem[];
}

/** Front-matter fields a schedule adds to a talk (README, "Notes format"). */
export interface ScheduleFields {
  /** A remote PDF of the slides; `slides` stays a path relative to the slides folder. */
  slidesUrl: string | null;
  day: string | null;
  start: string | null;
  room: string | null;
}

/** A talk read from a schedule: an outline talk with the schedule's fields. */
export interface ScheduleTalk extends OutlineTalk {
  schedule: ScheduleFields;
}

/** The schedule fields of a talk, all null for a talk from an outline document. */
export function scheduleFields(talk: OutlineTalk): ScheduleFields {
  const fields = (talk as Partial<ScheduleTalk>).schedule;
  return {
    slidesUrl: fields?.slidesUrl ?? null,
    day: fields?.day ?? null,
    start: fields?.start ?? null,
    room: fields?.room ?? null,
  };
}

/** A schedule without events yet, collecting its problems. */
export function emptySchedule(format: string, problems: Problem[]): ScheduleData {
  return {
    format,
    conference: { title: null, url: null, start: null, end: null, venue: null },
    baseUrl: null,
    tracks: [],
    rooms: [],
    events: [],
    problems,
  };
}

export type JsonObject = Record<string, unknown>;

export const isJsonObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a JSON value is, for messages. */
export function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}

/** A schedule's string field: trimmed text, or '' for anything that is not a string or number. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

/** `YYYY-MM-DD` at the start of an ISO date or date-time, else null. */
export function isoDay(value: unknown): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(textOf(value));
  return m ? m[1] : null;
}

/** `HH:MM` from `HH:MM`, `HH:MM:SS` or the time of an ISO date-time, else null. */
export function clockTime(value: unknown): string | null {
  const text = textOf(value);
  const m = /^(?:\d{4}-\d{2}-\d{2}[T ])?(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return `${m[1].padStart(2, '0')}:${m[2]}`;
}

/** A JSON-path-like key segment: `.name` for identifiers, `["Room 1"]` otherwise. */
export function pathKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
