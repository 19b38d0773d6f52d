// What `import` reads: an outline document or a conference's published schedule, told apart by
// content (the file name only sharpens an error message). Schedule readers, their XML parser and
// the HTML converter are loaded only when a schedule is imported.
import type { Problem } from '../model';
import { parseOutline, type Outline } from '../outline';
import { isJsonObject as isObject, type JsonObject as Json } from './scheduleModel';

export type Detected =
  { kind: 'outline' } | { kind: 'xml' } | { kind: 'json'; value: unknown } | { kind: 'error'; line: number | null; message: string };

/** Where `JSON.parse` stopped, as a line and column, from the position its message gives. */
function jsonErrorAt(text: string, err: unknown): { line: number; column: number } | null {
  const m = /position (\d+)/.exec(String((err as Error)?.message ?? ''));
  if (!m) return null;
  const pos = Math.min(Number(m[1]), text.length);
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: pos - lineStart + 1 };
}

/** Skips leading whitespace and XML comments; returns the index of what follows. */
function afterComments(text: string, from: number): number {
  let i = from;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (!text.startsWith('<!--', i)) return i;
    const end = text.indexOf('-->', i + 4);
    if (end < 0) return i;
    i = end + 3;
  }
}

/** `{"…` or `[{…`: broken JSON rather than an outline that starts with `[link]` or `[[wiki]]`. */
function looksLikeJson(text: string, first: number): boolean {
  let i = first + 1;
  while (i < text.length && /\s/.test(text[i])) i++;
  const next = text[i];
  return text[first] === '{' ? next === '"' || next === '}' : next === '{' || next === '"' || next === ']';
}

/**
 * Which reader a file needs. JSON is recognised by its first character (`{` or `[`) when it
 * parses, or when the name ends in `.json`; XML by a `<?xml` declaration, a `<schedule>` root or
 * a `.xml` name. Anything else is an outline document, which accepts any text.
 */
export function detectSource(text: string, fileName: string): Detected {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const first = afterComments(text, start);
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const c = text[first];
  if (c === '{' || c === '[' || ext === 'json') {
    try {
      return { kind: 'json', value: JSON.parse(text.slice(start)) };
    } catch (err) {
      if (ext !== 'json' && !looksLikeJson(text, first)) return { kind: 'outline' };
      const at = jsonErrorAt(text.slice(start), err);
      const reason = String((err as Error)?.message ?? err).replace(/ in JSON at position \d+(?!\d).*$/s, '');
      return {
        kind: 'error',
        line: at?.line ?? null,
        message: `This file is not valid JSON${at ? ` (line ${at.line}, column ${at.column})` : ''}: ${reason}. Nothing was imported; download the schedule again (a file cut short is the usual cause).`,
      };
    }
  }
  if (text.startsWith('<?xml', first) || /^<schedule[\s>/]/.test(text.slice(first, first + 10)) || ext === 'xml') return { kind: 'xml' };
  if (/^<(?:!doctype\s+html|html)[\s>]/i.test(text.slice(first, first + 20)) || ext === 'html' || ext === 'htm') {
    return {
      kind: 'error',
      line: 1,
      message:
        'This is a web page, not a schedule export. Download the conference\'s schedule.json or schedule.xml (pretalx: Schedule → Exports; FOSDEM: …/schedule/xml; Sessionize: the "All Data" JSON view).',
    };
  }
  return { kind: 'outline' };
}

/** Why a JSON file is not one of the schedules this reads, naming what it looks like instead. */
function unknownJson(value: unknown): string {
  if (Array.isArray(value) && value.some(v => isObject(v) && 'groupId' in v && 'sessions' in v)) {
    return 'This is Sessionize\'s "Sessions" view; import the "All Data" view instead (API / Embed → JSON → All Data).';
  }
  if (Array.isArray(value) && value.some(v => isObject(v) && 'firstName' in v && 'sessions' in v)) {
    return 'This is Sessionize\'s "Speakers" view; import the "All Data" view instead (API / Embed → JSON → All Data).';
  }
  if (isObject(value) && 'results' in value && 'count' in value) {
    return "This is a page of the pretalx API's lists; import the schedule export instead (…/<event>/schedule/export/schedule.json).";
  }
  if (isObject(value) && 'talks' in value && 'rooms' in value && !('schedule' in value)) {
    return "This is pretalx's schedule widget data; import the schedule export instead (…/<event>/schedule/export/schedule.json).";
  }
  if (isObject(value) && isObject(value.schedule) && !('conference' in value.schedule)) {
    return 'This schedule JSON has no "schedule.conference", so it has no days or talks to read. Download the schedule export again.';
  }
  const keys = isObject(value) ? Object.keys(value).slice(0, 6) : [];
  return `This JSON is not a schedule this importer knows (pretalx or frab schedule.json, Sessionize "All Data")${
    keys.length ? `; its top-level keys are ${keys.map(k => `"${k}"`).join(', ')}` : Array.isArray(value) ? '; it is a list' : ''
  }. Nothing was imported.`;
}

/** An Outline with nothing to write, only its problems. */
function nothing(problems: Problem[]): Outline {
  return { conference: { title: null, slidesDownload: null, replay: null, overview: '' }, tracks: [], problems };
}

function failed(source: string, line: number | null, message: string): Outline {
  return nothing([{ file: source, line, severity: 'error', message }]);
}

/**
 * Reads an import source into an Outline. Total: a file that is no schedule nor outline gives an
 * Outline without tracks and an error problem (so nothing is written), never an exception.
 */
export async function readImportSource(text: string, source: string): Promise<Outline> {
  const detected = detectSource(text, source);
  if (detected.kind === 'outline') return parseOutline(text, source);
  if (detected.kind === 'error') return failed(source, detected.line, detected.message);
  try {
    const [{ scheduleToOutline }, { createMarkdownConverter }] = await Promise.all([import('./toOutline.js'), import('./markdownText.js')]);
    let data;
    if (detected.kind === 'xml') {
      const { readFrabXml } = await import('./frabXml.js');
      data = await readFrabXml(text.replace(/^\uFEFF/, ''), source);
    } else {
      const value = detected.value;
      const [{ isScheduleJson, readScheduleJson }, { isSessionizeAll, readSessionize }] = await Promise.all([
        import('./scheduleJson.js'),
        import('./sessionize.js'),
      ]);
      if (isScheduleJson(value)) data = readScheduleJson(value as Json, source);
      else if (isSessionizeAll(value)) data = readSessionize(value as Json, source);
      else return failed(source, null, unknownJson(value));
    }
    if (data.problems.some(p => p.severity === 'error')) return nothing(data.problems);
    return scheduleToOutline(data, source, await createMarkdownConverter());
  } catch (err) {
    return failed(source, null, `Internal error while reading the schedule (${String(err)}); please report it with the file attached.`);
  }
}
