// The schedule JSON that pretalx exports (Schedule → Exports → "JSON (frab compatible)",
// `…/schedule/export/schedule.json`) and frab publishes beside schedule.xml: the c3voc schedule
// schema, `schedule.conference.days[].rooms{name: events[]}`. pretalx adds `generator`, person
// `name`s and codes; frab has `public_name`s. Both come through this one reader.
import type { Problem, Severity } from '../model';
import {
  clockTime,
  isJsonObject as isObject,
  isoDay,
  kind,
  pathKey,
  textOf,
  type JsonObject as Json,
  type ScheduleData,
  type ScheduleEvent,
  type ScheduleLink,
} from './scheduleModel';

/** Whether parsed JSON is a c3voc schedule (`{schedule: {conference: {…}}}`). */
export function isScheduleJson(value: unknown): boolean {
  return isObject(value) && isObject(value.schedule) && isObject(value.schedule.conference);
}

/** `pretalx schedule.json` or `frab schedule.json`, from the generator the file names. */
export function scheduleJsonFormat(root: Json): string {
  const generator = isObject(root.generator) ? textOf(root.generator.name).toLowerCase() : '';
  const base = isObject(root.schedule) ? textOf(root.schedule.base_url) + ' ' + textOf(root.schedule.url) : '';
  return generator === 'pretalx' || /pretalx/i.test(base) ? 'pretalx schedule.json' : 'frab schedule.json';
}

function links(value: unknown): ScheduleLink[] {
  if (!Array.isArray(value)) return [];
  const out: ScheduleLink[] = [];
  for (const item of value) {
    if (typeof item === 'string') {
      if (item.trim()) out.push({ title: '', url: item.trim(), type: null });
      continue;
    }
    if (!isObject(item)) continue;
    const url = textOf(item.url ?? item.href);
    if (url) out.push({ title: textOf(item.title), url, type: textOf(item.type) || null });
  }
  return out;
}

function persons(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map(p => (isObject(p) ? textOf(p.public_name) || textOf(p.name) || textOf(p.full_public_name) : textOf(p))).filter(Boolean);
}

function names(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map(t => (isObject(t) ? textOf(t.name) : textOf(t))).filter(Boolean);
}

export function readScheduleJson(root: Json, source: string): ScheduleData {
  const format = scheduleJsonFormat(root);
  const problems: Problem[] = [];
  const problem = (severity: Severity, message: string) => problems.push({ file: source, line: null, severity, message });
  const schedule = root.schedule as Json;
  const conference = schedule.conference as Json;
  const data: ScheduleData = {
    format,
    conference: {
      title: textOf(conference.title) || null,
      url: textOf(schedule.url) || textOf(conference.url) || textOf(schedule.base_url) || null,
      start: isoDay(conference.start),
      end: isoDay(conference.end),
      venue: null,
    },
    baseUrl: textOf(schedule.base_url) || textOf(conference.base_url) || textOf(schedule.url) || null,
    tracks: names(conference.tracks),
    rooms: names(conference.rooms),
    events: [],
    problems,
  };
  const days = conference.days;
  if (!Array.isArray(days)) {
    problem(
      'error',
      `schedule.conference.days is ${days === undefined ? 'missing' : `not a list (it is ${kind(days)})`}, so this ${format} has no talks to import. Download the schedule export again.`,
    );
    return data;
  }
  days.forEach((day, d) => {
    const dayPath = `schedule.conference.days[${d}]`;
    if (!isObject(day)) {
      problem('warning', `${dayPath} is ${kind(day)}, not a day; it was skipped.`);
      return;
    }
    const date = isoDay(day.date);
    if (!isObject(day.rooms)) {
      if (day.rooms !== undefined)
        problem('warning', `${dayPath}.rooms is ${kind(day.rooms)}, not rooms with their talks; the day was skipped.`);
      return;
    }
    for (const [roomName, list] of Object.entries(day.rooms)) {
      const roomPath = `${dayPath}.rooms${pathKey(roomName)}`;
      if (!data.rooms.includes(roomName)) data.rooms.push(roomName);
      if (!Array.isArray(list)) {
        problem('warning', `${roomPath} is ${kind(list)}, not a list of talks; the room was skipped.`);
        continue;
      }
      list.forEach((item, k) => {
        const where = `${roomPath}[${k}]`;
        if (!isObject(item)) {
          problem('warning', `${where} is ${kind(item)}, not a talk; it was skipped.`);
          return;
        }
        const title = textOf(item.title).replace(/\s+/g, ' ');
        if (!title) {
          problem('warning', `${where} has no title, so it was skipped. Give the talk a title in the conference system and export again.`);
          return;
        }
        const eventDay = date ?? isoDay(item.date);
        const start = clockTime(item.start) ?? clockTime(item.date);
        const event: ScheduleEvent = {
          id: textOf(item.guid) || textOf(item.code) || textOf(item.id) || null,
          where,
          line: null,
          title,
          subtitle: textOf(item.subtitle),
          speakers: persons(item.persons),
          track: textOf(item.track) || null,
          day: eventDay,
          start,
          room: textOf(item.room) || roomName,
          when: `${String(d).padStart(4, '0')} ${textOf(item.date) || `${eventDay ?? ''}T${start ?? ''}`}`,
          abstract: textOf(item.abstract),
          description: textOf(item.description),
          url: textOf(item.url) || null,
          links: links(item.links),
          attachments: links(item.attachments),
          recording: null,
        };
        data.events.push(event);
      });
    }
  });
  return data;
}
