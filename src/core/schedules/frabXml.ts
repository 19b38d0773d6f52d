// frab and Pentabarf `schedule.xml` (FOSDEM, CCC and many community conferences; pretalx writes it
// too): `<schedule><conference/><day><room><event>` with persons, links and attachments. Read with
// saxes, a strict streaming parser: a file that is not well-formed XML is refused with the line and
// column of the first fault, every element keeps its line for problems, and no DTD or external
// entity is ever expanded.
import type { SaxesParser } from 'saxes';
import type { Problem, Severity } from '../model';
import { clockTime, emptySchedule, isoDay, textOf, type ScheduleData, type ScheduleEvent, type ScheduleLink } from './scheduleModel';

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Text directly inside the element (CDATA included). */
  text: string;
  line: number;
}

type Parsed = { root: XmlElement } | { error: { line: number; column: number; message: string } };

let saxesPromise: Promise<typeof SaxesParser> | undefined;

/** Parses XML into a light element tree, or the first well-formedness error with its position. */
async function parseXml(text: string): Promise<Parsed> {
  saxesPromise ??= import('saxes').then(m => m.SaxesParser);
  const Saxes = await saxesPromise;
  const parser = new Saxes({ xmlns: false, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  parser.on('opentag', tag => {
    const element: XmlElement = {
      name: tag.name,
      attrs: tag.attributes as Record<string, string>,
      children: [],
      text: '',
      line: parser.line,
    };
    if (stack.length) stack[stack.length - 1].children.push(element);
    else root = element;
    if (!tag.isSelfClosing) stack.push(element);
  });
  let lastClosed: XmlElement | undefined;
  parser.on('closetag', tag => {
    if (!tag.isSelfClosing) lastClosed = stack.pop();
  });
  const addText = (t: string) => {
    if (stack.length) stack[stack.length - 1].text += t;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  try {
    parser.write(text).close();
  } catch (err) {
    const open = stack[stack.length - 1];
    const reason = String((err as Error)?.message ?? err)
      .replace(/^\d+:\d+: /, '')
      .replace(/\.$/, '');
    let message = open ? `${reason}, inside <${open.name}> opened on line ${open.line}` : reason;
    if (reason === 'unexpected close tag' && lastClosed) {
      // saxes has already closed the element the stray tag skipped over: name both.
      const at = text.lastIndexOf('</', parser.position);
      const name = at < 0 ? null : /^<\/([^\s>]{1,100})/.exec(text.slice(at, at + 104))?.[1];
      message = `found </${name ?? '?'}> where </${lastClosed.name}> was expected (<${lastClosed.name}> opened on line ${lastClosed.line})`;
    }
    return { error: { line: parser.line, column: parser.column, message } };
  }
  return root ? { root } : { error: { line: 1, column: 1, message: 'no root element' } };
}

const child = (el: XmlElement | undefined, name: string) => el?.children.find(c => c.name === name);
const childText = (el: XmlElement | undefined, name: string) => textOf(child(el, name)?.text ?? '');
const childrenNamed = (el: XmlElement | undefined, name: string) => el?.children.filter(c => c.name === name) ?? [];

function xmlLinks(el: XmlElement | undefined, itemName: string): ScheduleLink[] {
  const out: ScheduleLink[] = [];
  for (const item of childrenNamed(el, itemName)) {
    const url = textOf(item.attrs.href ?? '');
    if (url) out.push({ title: textOf(item.text), url, type: textOf(item.attrs.type ?? '') || null });
  }
  return out;
}

/** `schedule/day[2]/room[@name="Janson"]/event[6]`: XPath, so positions count from 1. */
function xpathName(value: string): string {
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

export async function readFrabXml(text: string, source: string): Promise<ScheduleData> {
  const format = 'frab schedule.xml';
  const problems: Problem[] = [];
  const problem = (line: number | null, severity: Severity, message: string) => problems.push({ file: source, line, severity, message });
  const data = emptySchedule(format, problems);
  const parsed = await parseXml(text);
  if ('error' in parsed) {
    const { line, column, message } = parsed.error;
    problem(
      line,
      'error',
      `This schedule.xml is not well-formed XML (line ${line}, column ${column}: ${message}), so nothing was imported. Download the schedule again; a file cut short is the usual cause.`,
    );
    return data;
  }
  const root = parsed.root;
  if (root.name !== 'schedule') {
    problem(
      root.line,
      'error',
      `The root element is <${root.name}>, not <schedule>, so this is not a frab or Pentabarf schedule.xml. Give the conference's schedule.xml (or its schedule.json).`,
    );
    return data;
  }
  const conference = child(root, 'conference');
  const days = childrenNamed(root, 'day');
  if (!conference && !days.length) {
    problem(
      root.line,
      'error',
      'This <schedule> has neither a <conference> nor any <day>, so it has no talks to import. Download the schedule again.',
    );
    return data;
  }
  const venue = [childText(conference, 'venue'), childText(conference, 'city')].filter(Boolean).join(', ');
  data.conference = {
    title: childText(conference, 'title') || null,
    url: childText(conference, 'url') || childText(conference, 'base_url') || null,
    start: isoDay(childText(conference, 'start')),
    end: isoDay(childText(conference, 'end')),
    venue: venue || null,
  };
  data.baseUrl = childText(conference, 'base_url') || childText(conference, 'url') || null;
  data.tracks = childrenNamed(child(root, 'tracks'), 'track')
    .map(t => textOf(t.text) || textOf(t.attrs.name ?? ''))
    .filter(Boolean);

  days.forEach((day, d) => {
    const date = isoDay(day.attrs.date ?? '');
    const rooms = childrenNamed(day, 'room');
    rooms.forEach((room, r) => {
      const roomName = textOf(room.attrs.name ?? '');
      if (roomName && !data.rooms.includes(roomName)) data.rooms.push(roomName);
      const roomPath = `schedule/day[${d + 1}]/room[${roomName ? `@name=${xpathName(roomName)}` : r + 1}]`;
      childrenNamed(room, 'event').forEach((el, k) => {
        const where = `${roomPath}/event[${k + 1}]`;
        const title = childText(el, 'title').replace(/\s+/g, ' ');
        if (!title) {
          problem(
            el.line,
            'warning',
            `${where} has no <title>, so it was skipped. Give the talk a title in the conference system and export again.`,
          );
          return;
        }
        const dateTime = childText(el, 'date');
        const eventDay = date ?? isoDay(dateTime);
        const start = clockTime(childText(el, 'start')) ?? clockTime(dateTime);
        const event: ScheduleEvent = {
          id: textOf(el.attrs.guid ?? '') || textOf(el.attrs.id ?? '') || null,
          where,
          line: el.line,
          title,
          subtitle: childText(el, 'subtitle'),
          speakers: childrenNamed(child(el, 'persons'), 'person').map(p => textOf(p.text)),
          track: childText(el, 'track') || null,
          day: eventDay,
          start,
          room: childText(el, 'room') || roomName || null,
          when: `${String(d).padStart(4, '0')} ${dateTime || `${eventDay ?? ''}T${start ?? ''}`}`,
          abstract: childText(el, 'abstract'),
          description: childText(el, 'description'),
          url: childText(el, 'url') || null,
          links: xmlLinks(child(el, 'links'), 'link'),
          attachments: xmlLinks(child(el, 'attachments'), 'attachment'),
          recording: childText(el, 'video_download_url') || null,
        };
        data.events.push(event);
      });
    });
  });
  return data;
}
