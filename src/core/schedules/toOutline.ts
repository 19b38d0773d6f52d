// Turns the events of any published schedule into the importer's input (an Outline): tracks in the
// schedule's order, talks in time order, the slides PDF and the recording picked out of the links,
// every text converted to safe Markdown. Everything a note shows from the schedule is decided here,
// once for all formats.
import { httpUrl, normalizeSlidesPath } from '../links';
import type { Problem, Severity } from '../model';
import type { Outline, OutlineTrack } from '../outline';
import { escapeMarkdown, markdownLink, type ToMarkdown } from './markdownText';
import type { ScheduleData, ScheduleEvent, ScheduleLink, ScheduleTalk } from './scheduleModel';

/** Title of the track for talks without one, when other talks have one (as the loader names root talks). */
export const NO_TRACK_TITLE = 'Other talks';

const PDF_PATH = /\.pdf$/i;
const SLIDES_WORD = /slide|deck|presentation|folien|幻灯|演讲稿|课件|ppt/i;
const VIDEO_PATH = /\.(?:webm|mp4|m4v|mkv|mov|ogv|m3u8)$/i;
const VIDEO_WORD = /video|recording|replay|vod|视频|录像|回放/i;
const VIDEO_HOST = /(?:^|\.)(?:youtube\.com|youtu\.be|vimeo\.com|media\.ccc\.de|bilibili\.com|b23\.tv|peertube\.[a-z.]+)$/i;

/** The URL's path without query or fragment, or '' when it is no URL. */
function urlPath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    const end = url.search(/[?#]/);
    return end < 0 ? url : url.slice(0, end);
  }
}

function urlHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

function isRecording(link: ScheduleLink, url: string): boolean {
  const type = (link.type ?? '').toLowerCase();
  return (
    type === 'video' ||
    type === 'recording' ||
    VIDEO_PATH.test(urlPath(url)) ||
    VIDEO_HOST.test(urlHost(url)) ||
    VIDEO_WORD.test(link.title)
  );
}

function isSlides(link: ScheduleLink): boolean {
  return (link.type ?? '').toLowerCase() === 'slides' || SLIDES_WORD.test(link.title);
}

/**
 * An absolute http(s) URL for a schedule link: as given when absolute, else resolved against the
 * first http(s) base. `relative` when there is no base to resolve it against; null when it can
 * never be a web link (`javascript:`, `file:`…).
 */
function resolveUrl(raw: string, bases: readonly (string | null)[]): string | 'relative' | null {
  const text = raw.trim();
  if (!text) return null;
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) return httpUrl(text);
  for (const base of bases) {
    if (!base || !httpUrl(base)) continue;
    try {
      return httpUrl(new URL(text, base).href);
    } catch {
      /* try the next base */
    }
  }
  return 'relative';
}

interface Picked {
  slides: string | null;
  slidesUrl: string | null;
  video: string | null;
  /** `- [title](url)` lines for everything else. */
  links: string[];
}

/** Splits an event's links and attachments into slides, recording and the rest. */
function pickLinks(event: ScheduleEvent, baseUrl: string | null, report: (severity: Severity, message: string) => void): Picked {
  const picked: Picked = { slides: null, slidesUrl: null, video: null, links: [] };
  const bases = [event.url, baseUrl];
  const candidates: { link: ScheduleLink; url: string; attachment: boolean }[] = [];
  const seen = new Set<string>();
  for (const [list, attachment] of [
    [event.attachments, true],
    [event.links, false],
  ] as const) {
    for (const link of list) {
      const url = resolveUrl(link.url, bases);
      const name = link.title || link.url;
      if (url === null) {
        report('warning', `its link "${clip(name)}" is not an http(s) address ("${clip(link.url)}"), so it was left out.`);
        continue;
      }
      if (url === 'relative') {
        const local = PDF_PATH.test(link.url) ? normalizeSlidesPath(link.url) : null;
        if (local && 'path' in local && picked.slides === null) {
          // A PDF given as a path lies next to the schedule: like an outline's slides path.
          picked.slides = local.path;
        } else if (local && 'error' in local) {
          report('warning', `its slides "${clip(name)}" were left out: ${local.error}.`);
        } else {
          report(
            'warning',
            `its link "${clip(name)}" is relative ("${clip(link.url)}") and the schedule has no base URL to resolve it, so it was left out.`,
          );
        }
        continue;
      }
      if (seen.has(url)) continue;
      seen.add(url);
      candidates.push({ link, url, attachment });
    }
  }
  const pdfs = candidates.filter(c => PDF_PATH.test(urlPath(c.url)));
  const slides = picked.slides === null ? (pdfs.find(c => isSlides(c.link)) ?? pdfs.find(c => c.attachment) ?? null) : null;
  if (slides) picked.slidesUrl = slides.url;
  const recording = event.recording ? httpUrl(event.recording) : null;
  if (event.recording && !recording) {
    report('warning', `its recording "${clip(event.recording)}" is not an http(s) address, so it was left out.`);
  }
  const video = recording ? null : (candidates.find(c => c !== slides && isRecording(c.link, c.url)) ?? null);
  picked.video = recording ?? video?.url ?? null;
  if (event.url) {
    const page = httpUrl(event.url);
    if (page && !seen.has(page)) picked.links.push(`- ${markdownLink('Talk page', page)}`);
  }
  for (const c of candidates) {
    if (c === slides || c === video) continue;
    picked.links.push(`- ${markdownLink(c.link.title || c.url, c.url)}`);
  }
  return picked;
}

function noteBody(event: ScheduleEvent, links: readonly string[], toMarkdown: ToMarkdown): string {
  const parts: string[] = [];
  const subtitle = event.subtitle.replace(/\s+/g, ' ').trim();
  if (subtitle) parts.push(`*${escapeMarkdown(subtitle)}*`);
  const abstract = toMarkdown(event.abstract);
  if (abstract) parts.push(abstract);
  const description = toMarkdown(event.description);
  if (description && description !== abstract) parts.push(description);
  if (links.length) parts.push('## Links\n\n' + links.join('\n'));
  return parts.join('\n\n');
}

function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of names) {
    const name = raw.replace(/\s+/g, ' ').trim();
    if (name && !seen.has(name)) {
      seen.add(name);
      out.push(name);
    }
  }
  return out;
}

function clip(text: string): string {
  return text.length > 80 ? text.slice(0, 77) + '…' : text;
}

function overview(data: ScheduleData): string {
  const { conference } = data;
  const lines: string[] = [];
  const dates =
    conference.start && conference.end && conference.start !== conference.end
      ? `${conference.start} – ${conference.end}`
      : conference.start;
  const facts = [dates, conference.venue].filter((x): x is string => Boolean(x));
  if (facts.length) lines.push(escapeMarkdown(facts.join(', ')));
  const url = conference.url ? markdownLink(conference.url, conference.url) : null;
  lines.push(`Imported from the ${data.format}${url ? ` of ${url}` : ''}.`);
  return lines.join('\n\n');
}

/**
 * The Outline of a schedule. Talks are grouped by track in the schedule's order (declared tracks
 * first, then as they appear); when no talk has a track they are grouped by room instead, and when
 * only some lack one those go to a last track, "Other talks". Within a track, talks are in time order.
 */
export function scheduleToOutline(data: ScheduleData, source: string, toMarkdown: ToMarkdown): Outline {
  const problems: Problem[] = [...data.problems];
  const eventProblem = (event: ScheduleEvent) => (severity: Severity, message: string) =>
    problems.push({ file: source, line: event.line, severity, message: `"${clip(event.title)}" (${event.where}): ${message}` });

  const byId = new Map<string, ScheduleEvent>();
  const events: ScheduleEvent[] = [];
  for (const event of data.events) {
    const first = event.id === null ? undefined : byId.get(event.id);
    if (first) {
      eventProblem(event)(
        'info',
        `the same event (id ${event.id}) is also at ${first.where}; it was imported once, with its first time slot.`,
      );
      continue;
    }
    if (event.id !== null) byId.set(event.id, event);
    events.push(event);
  }

  const byRoom = !events.some(e => e.track);
  if (byRoom && events.length) {
    problems.push({
      file: source,
      line: null,
      severity: 'info',
      message: `No talk in this ${data.format} has a track, so the talks were grouped by room.`,
    });
  }
  const groupOf = (e: ScheduleEvent) => (byRoom ? e.room || NO_TRACK_TITLE : e.track || NO_TRACK_TITLE);
  const declared = byRoom ? data.rooms : data.tracks;
  const roomIndex = new Map(data.rooms.map((r, i) => [r, i]));
  const sorted = events
    .map((event, index) => ({ event, index }))
    .sort(
      (a, b) =>
        (a.event.when < b.event.when ? -1 : a.event.when > b.event.when ? 1 : 0) ||
        (roomIndex.get(a.event.room ?? '') ?? Infinity) - (roomIndex.get(b.event.room ?? '') ?? Infinity) ||
        a.index - b.index,
    )
    .map(x => x.event);

  const groups = new Map<string, ScheduleEvent[]>();
  for (const name of declared) if (name && name !== NO_TRACK_TITLE) groups.set(name, []);
  for (const event of sorted) {
    const name = groupOf(event);
    if (name === NO_TRACK_TITLE) continue;
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name)!.push(event);
  }
  const orphans = sorted.filter(e => groupOf(e) === NO_TRACK_TITLE);
  if (orphans.length) {
    groups.set(NO_TRACK_TITLE, orphans);
    problems.push({
      file: source,
      line: orphans[0].line,
      severity: 'info',
      message: `${orphans.length} talk(s) have no ${byRoom ? 'room' : 'track'} (the first: "${clip(orphans[0].title)}" at ${orphans[0].where}); they were put in a last track, "${NO_TRACK_TITLE}".`,
    });
  }

  const tracks: OutlineTrack[] = [];
  for (const [title, list] of groups) {
    if (!list.length) continue;
    const talks: ScheduleTalk[] = list.map((event, k) => {
      const picked = pickLinks(event, data.baseUrl, eventProblem(event));
      return {
        title: event.title,
        line: event.line ?? 0,
        order: k + 1,
        speakers: uniqueNames(event.speakers),
        slides: picked.slides,
        video: picked.video,
        article: null,
        body: noteBody(event, picked.links, toMarkdown),
        schedule: { slidesUrl: picked.slidesUrl, day: event.day, start: event.start, room: event.room },
      };
    });
    tracks.push({ title, line: talks[0].line, intro: '', talks });
  }
  if (!events.length && !problems.some(p => p.severity === 'error')) {
    problems.push({
      file: source,
      line: null,
      severity: 'warning',
      message: `This ${data.format} lists no talks, so there was nothing to import.`,
    });
  }
  return {
    conference: { title: data.conference.title, slidesDownload: null, replay: null, overview: overview(data) },
    tracks,
    problems,
  };
}
