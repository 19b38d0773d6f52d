// Sessionize's "All Data" JSON (API / Embed → JSON → "All Data": `…/api/v2/<id>/view/All`):
// `sessions` refer to `speakers`, `rooms` and category items by id; the category called "Track"
// gives each session its track. Service sessions (breaks, lunch) are not talks and are left out.
import type { Problem, Severity } from '../model';
import {
  clockTime,
  emptySchedule,
  isJsonObject as isObject,
  isoDay,
  kind,
  textOf,
  type JsonObject as Json,
  type ScheduleData,
  type ScheduleEvent,
  type ScheduleLink,
} from './scheduleModel';

/** Whether parsed JSON is Sessionize "All Data" (`{sessions: [], speakers: [], …}`). */
export function isSessionizeAll(value: unknown): boolean {
  return isObject(value) && 'sessions' in value && ('speakers' in value || 'categories' in value || 'rooms' in value);
}

/** A question whose answer, when it is a URL, is a link of the talk (slides, video, repository…). */
const LINK_QUESTION = /slide|deck|presentation|video|recording|link|url|repo|github|code|demo|article|blog/i;

const byId = <T>(list: unknown, get: (item: Json) => T | null): Map<string, T> => {
  const map = new Map<string, T>();
  if (!Array.isArray(list)) return map;
  for (const item of list) {
    if (!isObject(item)) continue;
    const id = textOf(item.id);
    const value = get(item);
    if (id && value !== null) map.set(id, value);
  }
  return map;
};

const sortOf = (item: Json) => (typeof item.sort === 'number' ? item.sort : 0);

export function readSessionize(root: Json, source: string): ScheduleData {
  const format = 'Sessionize All Data JSON';
  const problems: Problem[] = [];
  const problem = (severity: Severity, message: string) => problems.push({ file: source, line: null, severity, message });
  const data = emptySchedule(format, problems);
  if (!Array.isArray(root.sessions)) {
    problem(
      'error',
      `"sessions" is ${kind(root.sessions)}, not a list of sessions, so this ${format} has no talks to import. Download the "All Data" view again.`,
    );
    return data;
  }
  for (const key of ['speakers', 'categories', 'rooms', 'questions'] as const) {
    if (root[key] !== undefined && !Array.isArray(root[key])) {
      problem('error', `"${key}" is ${kind(root[key])}, not a list, so the sessions cannot be read. Download the "All Data" view again.`);
      return data;
    }
  }

  const speakers = byId(
    root.speakers,
    s => textOf(s.fullName) || [textOf(s.firstName), textOf(s.lastName)].filter(Boolean).join(' ') || null,
  );
  const roomList = (Array.isArray(root.rooms) ? root.rooms : []).filter(isObject).sort((a, b) => sortOf(a) - sortOf(b));
  const rooms = byId(roomList, r => textOf(r.name) || null);
  data.rooms = roomList.map(r => textOf(r.name)).filter(Boolean);
  const questions = byId(root.questions, q => textOf(q.question) || null);

  // The category holding the tracks: one titled "Track(s)", else the first whose title mentions it.
  const categories = (Array.isArray(root.categories) ? root.categories : []).filter(isObject);
  const trackCategory =
    categories.find(c => /^\s*tracks?\s*$/i.test(textOf(c.title))) ?? categories.find(c => /track|主题|分论坛|专场/i.test(textOf(c.title)));
  const trackItems = (trackCategory && Array.isArray(trackCategory.items) ? trackCategory.items : [])
    .filter(isObject)
    .sort((a, b) => sortOf(a) - sortOf(b));
  const trackOf = byId(trackItems, i => textOf(i.name) || null);
  data.tracks = trackItems.map(i => textOf(i.name)).filter(Boolean);

  let service = 0;
  root.sessions.forEach((item, k) => {
    const where = `sessions[${k}]`;
    if (!isObject(item)) {
      problem('warning', `${where} is ${kind(item)}, not a session; it was skipped.`);
      return;
    }
    if (item.isServiceSession === true) {
      service++;
      return;
    }
    const title = textOf(item.title).replace(/\s+/g, ' ');
    if (!title) {
      problem('warning', `${where} has no title, so it was skipped. Give the session a title in Sessionize and export again.`);
      return;
    }
    const speakerNames: string[] = [];
    for (const ref of Array.isArray(item.speakers) ? item.speakers : []) {
      // The "All Data" view lists speaker ids; other views inline {id, name}.
      const id = isObject(ref) ? textOf(ref.id) : textOf(ref);
      const name = speakers.get(id) ?? (isObject(ref) ? textOf(ref.name) : '');
      if (name) speakerNames.push(name);
      else problem('warning', `"${title}" (${where}): its speaker "${id}" is not in "speakers", so it was left out.`);
    }
    let track: string | null = null;
    for (const ref of Array.isArray(item.categoryItems) ? item.categoryItems : []) {
      track ??= trackOf.get(isObject(ref) ? textOf(ref.id) : textOf(ref)) ?? null;
    }
    const links: ScheduleLink[] = [];
    for (const answer of Array.isArray(item.questionAnswers) ? item.questionAnswers : []) {
      if (!isObject(answer)) continue;
      const question = questions.get(textOf(answer.questionId)) ?? textOf(answer.question);
      const value = textOf(answer.answerValue ?? answer.answer);
      if (LINK_QUESTION.test(question) && /^https?:\/\//i.test(value))
        links.push({ title: question, url: value, type: /slide|deck/i.test(question) ? 'slides' : null });
    }
    const startsAt = textOf(item.startsAt);
    const day = isoDay(startsAt);
    const start = clockTime(startsAt);
    const event: ScheduleEvent = {
      id: textOf(item.id) || null,
      where,
      line: null,
      title,
      subtitle: '',
      speakers: speakerNames,
      track,
      day,
      start,
      room: rooms.get(textOf(item.roomId)) ?? (textOf(item.room) || null),
      // Unscheduled sessions (accepted, no slot yet) come after the scheduled ones.
      when: startsAt || '~',
      abstract: textOf(item.description),
      description: '',
      url: null,
      links,
      attachments: [],
      recording: textOf(item.recordingUrl) || null,
    };
    data.events.push(event);
  });
  problem('info', `Sessionize's "All Data" does not name the conference; give its title with --title, or write it into index.md.`);
  if (service) problem('info', `${service} service session(s) (breaks, meals, registration) were left out: they are not talks.`);
  return data;
}
