// Reads the single Markdown outline people keep while watching a conference (tracks as `#`,
// talks as `## N，Title｜Speakers`, labelled lines for slides, video and article) into plain data.
// Outlines are hand-written and messy, so parsing never throws: anything doubtful is kept as notes
// text and reported as a problem rather than dropped.
import { errorText } from '../errors';
import { fencedLines } from '../markdown/fences';
import { atxHeading } from '../markdown/headings';
import type { Severity } from '../model';
import { readFrontMatter } from './frontMatter';
import { CONFERENCE_LABEL, conferenceField, TALK_LABEL, takeConferenceLabel, takeTalkLabel, talkField } from './labels';
import { parseTalkHeading, SEPARATOR, talkOrders } from './talkHeading';
import type { ConferenceField, Outline, TalkDraft } from './types';

/** Joins lines, dropping blank lines at both ends. */
function joinTrimmed(lines: readonly string[]): string {
  let a = 0;
  let b = lines.length;
  while (a < b && !lines[a].trim()) a++;
  while (b > a && !lines[b - 1].trim()) b--;
  return lines.slice(a, b).join('\n');
}

/** Replaces lone surrogates so every later step (and every file written) sees valid Unicode. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function outlineName(source: string): string {
  const base = source
    .replace(/^.*[\\/]/, '')
    .replace(/\.[^.]*$/, '')
    .trim();
  return base || 'Talks';
}

interface TrackDraft {
  title: string;
  line: number;
  introLines: string[];
  talks: TalkDraft[];
}

function emptyOutline(): Outline {
  return { conference: { title: null, slidesDownload: null, replay: null, overview: '' }, tracks: [], problems: [] };
}

/**
 * Parses an outline. Pure and total: any string gives an Outline; everything questionable is in
 * `problems` (with `file: source`, 1-based lines). `source` names the outline in problems and
 * names the track for talks written before any `#` track heading.
 */
export function parseOutline(text: string, source: string): Outline {
  const file = typeof source === 'string' ? source : '';
  try {
    return parse(typeof text === 'string' ? text : '', file);
  } catch (err) {
    // Last-resort guard so one odd outline cannot take down the CLI or the extension host; the
    // fuzz tests check this never happens.
    const outline = emptyOutline();
    outline.problems.push({
      file,
      line: null,
      severity: 'error',
      message: `Internal error while reading the outline (${errorText(err)}); please report it with the outline attached.`,
    });
    return outline;
  }
}

function parse(input: string, file: string): Outline {
  const outline = emptyOutline();
  const { conference, problems } = outline;
  const problem = (line: number | null, severity: Severity, message: string) => problems.push({ file, line, severity, message });

  const text = wellFormed(input.replace(/^\uFEFF/, ''));
  const lines = text.split(/\r\n|\r|\n/);
  const { fenced, unclosed } = fencedLines(lines);
  for (const i of unclosed) {
    problem(
      i + 1,
      'warning',
      'This code block is never closed, so its fence line was read as text. Add a closing fence line (``` or ~~~) where the code ends.',
    );
  }

  const overview: string[] = [];
  const conferenceFrom: Partial<Record<ConferenceField, number>> = {};
  const first = readFrontMatter(text, lines, fenced, conference, conferenceFrom, problem);
  const tracks: TrackDraft[] = [];
  const trackByTitle = new Map<string, TrackDraft>();
  let track: TrackDraft | null = null;
  let talk: TalkDraft | null = null;

  for (let i = first; i < lines.length; i++) {
    const line = lines[i];
    const n = i + 1;
    const h = fenced[i] ? null : atxHeading(line);
    if (h && h.level <= 2) {
      if (!h.text || SEPARATOR.test(h.text)) continue;
      if (h.level === 1) {
        talk = null;
        const existing = trackByTitle.get(h.text);
        if (existing) {
          problem(
            n,
            'info',
            `Track "${h.text}" already started on line ${existing.line}; the talks below were added to it. Rename one of the headings if they are different tracks.`,
          );
          existing.introLines.push('');
          track = existing;
        } else {
          track = { title: h.text, line: n, introLines: [], talks: [] };
          tracks.push(track);
          trackByTitle.set(h.text, track);
        }
        continue;
      }
      if (!track) {
        const title = outlineName(file);
        problem(
          n,
          'info',
          `This talk comes before any "# Track" heading, so it was put in a track named "${title}". Add a "# Track" heading above it to choose the name.`,
        );
        track = { title, line: n, introLines: [], talks: [] };
        tracks.push(track);
        trackByTitle.set(title, track);
      }
      const parsed = parseTalkHeading(h.text);
      const position = track.talks.length + 1;
      if (!parsed.title) {
        parsed.title = `Talk ${parsed.order ?? position}`;
        problem(
          n,
          'warning',
          `This talk heading has no title, so it was called "${parsed.title}". Write the title after the number, e.g. "## 1，Title｜Speaker".`,
        );
      }
      talk = { ...parsed, line: n, slides: null, video: null, article: null, body: '', lines: [], from: {}, removedAt: -1 };
      track.talks.push(talk);
      continue;
    }

    if (talk) {
      const m = fenced[i] ? null : TALK_LABEL.exec(line);
      if (!m || takeTalkLabel(talk, talkField(m[1]), m[2], n, problem)) {
        // A labelled line between blank lines leaves a double gap; close it up.
        const gap = talk.removedAt === talk.lines.length && !line.trim() && !talk.lines[talk.lines.length - 1]?.trim();
        if (!gap) talk.lines.push(line);
      } else {
        talk.removedAt = talk.lines.length;
      }
    } else if (track) {
      track.introLines.push(line);
    } else {
      const m = fenced[i] ? null : CONFERENCE_LABEL.exec(line);
      if (!m || takeConferenceLabel(conference, conferenceFrom, conferenceField(m[1]), m[2], n, problem)) overview.push(line);
    }
  }

  for (const t of tracks) {
    const orders = talkOrders(t.talks);
    const seen = new Map<number, TalkDraft>();
    t.talks.forEach((entry, k) => {
      const other = seen.get(orders[k]);
      if (other) {
        problem(
          entry.line,
          'warning',
          `"${entry.title}" gets number ${orders[k]} in track "${t.title}", like "${other.title}" on line ${other.line}; notes with the same number are listed by file name. Renumber one of them.`,
        );
      } else {
        seen.set(orders[k], entry);
      }
    });
  }
  // Reported in reading order, whatever step found them.
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));

  conference.overview = joinTrimmed(overview);
  outline.tracks = tracks.map(t => ({
    title: t.title,
    line: t.line,
    intro: joinTrimmed(t.introLines),
    talks: t.talks.map(({ lines: body, from: _from, removedAt: _removedAt, ...rest }) => ({ ...rest, body: joinTrimmed(body) })),
  }));
  return outline;
}
