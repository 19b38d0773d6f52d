// Labelled lines (`文档：…`, `Video: …`, `PDF下载：…`): which field they set, and the value they give.
import { httpUrl, normalizeSlidesPath } from '../links';
import { linkDestinationEnd, splitLinkTitle } from '../markdown/linkDestinations';
import type { ConferenceField, OutlineConference, Report, TalkDraft, TalkField } from './types';

const FIELD_NAMES: Record<TalkField | ConferenceField, string> = {
  slides: 'slides',
  video: 'video',
  article: 'article',
  title: 'title',
  slidesDownload: 'slides download',
  replay: 'replay',
};

export const TALK_LABEL = /^[ \t]{0,3}(文档|slides|pdf|视频|video|文章|article)[ \t]*[:：](.*)$/is;
export const CONFERENCE_LABEL = /^[ \t]{0,3}(pdf[ \t]*下载|slides[ \t]+download|直播回放|replay|标题|title)[ \t]*[:：](.*)$/is;

/**
 * The target of a labelled value: a Markdown link `[text](target)`, `<target>` or a bare value.
 * `rest` is text after the link that does not belong to it (kept in the notes by the caller).
 */
function labelTarget(value: string, bareStopsAtSpace: boolean): { target: string; rest: string } {
  const text = value.trim();
  const bang = text.startsWith('![') ? 1 : 0;
  if (text[bang] === '[') {
    const mid = text.indexOf('](', bang);
    if (mid > 0) {
      const start = mid + 2;
      let end = linkDestinationEnd(text, start);
      if (end === null && text.endsWith(')')) end = text.length - 1;
      if (end !== null) {
        let target = splitLinkTitle(text.slice(start, end)).target;
        if (/^<.*>$/s.test(target)) target = target.slice(1, -1).trim();
        return { target, rest: text.slice(end + 1).trim() };
      }
    }
  }
  if (text.startsWith('<')) {
    const close = text.indexOf('>');
    if (close > 0) return { target: text.slice(1, close).trim(), rest: text.slice(close + 1).trim() };
  }
  if (bareStopsAtSpace) {
    // URLs never contain spaces: `https://b23.tv/x （P2）` is a URL followed by a remark.
    const space = text.search(/\s/);
    if (space > 0) return { target: text.slice(0, space), rest: text.slice(space).trim() };
  }
  return { target: text, rest: '' };
}

export function talkField(label: string): TalkField {
  const l = label.toLowerCase();
  if (l === '视频' || l === 'video') return 'video';
  if (l === '文章' || l === 'article') return 'article';
  return 'slides';
}

export function conferenceField(label: string): ConferenceField {
  const l = label.toLowerCase();
  if (l === '标题' || l === 'title') return 'title';
  if (l === '直播回放' || l === 'replay') return 'replay';
  return 'slidesDownload';
}

/** Applies a labelled line to a talk; returns true when the line must stay in the notes body. */
export function takeTalkLabel(talk: TalkDraft, field: TalkField, raw: string, line: number, problem: Report): boolean {
  if (!raw.trim()) return false;
  const name = FIELD_NAMES[field];
  const { target, rest } = labelTarget(raw, field !== 'slides');
  let value: string | null;
  if (field === 'slides') {
    const result = normalizeSlidesPath(target);
    if ('error' in result) {
      problem(
        line,
        'warning',
        `Slides of "${talk.title}" not imported: ${result.error}. Write the PDF path relative to the outline's folder (e.g. Track/talk.pdf); the line was kept in the notes.`,
      );
      return true;
    }
    value = result.path;
  } else {
    value = httpUrl(target);
    if (value === null) {
      problem(
        line,
        'warning',
        `The ${name} of "${talk.title}" is not an http(s) URL ("${clip(target)}"), so it was not imported; the line was kept in the notes. Write the full https:// address.`,
      );
      return true;
    }
  }
  const kept = talk[field];
  if (kept !== null) {
    problem(
      line,
      'warning',
      `"${talk.title}" has a second ${name} line; kept the first one (${clip(kept)}, line ${talk.from[field]}) and left this line in the notes. Delete whichever line is wrong.`,
    );
    return true;
  }
  talk[field] = value;
  talk.from[field] = line;
  return rest !== '';
}

export function takeConferenceLabel(
  conference: OutlineConference,
  from: Partial<Record<ConferenceField, number>>,
  field: ConferenceField,
  raw: string,
  line: number,
  problem: Report,
): boolean {
  if (!raw.trim()) return false;
  const name = FIELD_NAMES[field];
  let value: string | null;
  let rest = '';
  if (field === 'title') {
    value = raw.trim();
  } else {
    const parsed = labelTarget(raw, true);
    rest = parsed.rest;
    value = httpUrl(parsed.target);
    if (value === null) {
      problem(
        line,
        'warning',
        `The conference's ${name} link is not an http(s) URL ("${clip(parsed.target)}"), so it was not imported; the line was kept in the overview. Write the full https:// address.`,
      );
      return true;
    }
  }
  const kept = conference[field];
  if (kept !== null) {
    problem(
      line,
      'warning',
      `The conference ${name} is given twice; kept the first one (${clip(kept)}, line ${from[field]}) and left this line in the overview. Delete whichever line is wrong.`,
    );
    return true;
  }
  conference[field] = value;
  from[field] = line;
  return rest !== '';
}

function clip(text: string): string {
  return text.length > 120 ? text.slice(0, 117) + '…' : text;
}
