// Reads an imported notes folder back the way users see it (the loader, and the links under
// "## Links"), in the shape of the schedule fixtures' expected listings.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadWorkspace } from '../../src/core/workspace';
import type { ExpectedSchedule } from '../fixtures/schedules/fosdemSized';

const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** `[label, url]` of each `- [label](url)` line under "## Links", labels unescaped. */
export function linksOf(note: string): [string, string][] {
  const at = note.indexOf('\n## Links\n');
  if (at < 0) return [];
  const out: [string, string][] = [];
  for (const line of note.slice(at).split('\n')) {
    const m = /^- \[((?:\\.|[^\]\\])*)\]\(([^)\s]+)\)$/.exec(line);
    if (m) out.push([m[1].replace(/\\(.)/g, '$1'), decodeURI(m[2])]);
  }
  return out;
}

export async function listBack(dir: string): Promise<ExpectedSchedule & { problems: number }> {
  const ws = await loadWorkspace(dir);
  return {
    conference: ws.conference.title,
    tracks: ws.tracks.map(track => ({
      title: track.title,
      talks: track.talks.map(talk => ({
        title: talk.title,
        speakers: talk.speakers,
        slides: talk.slides,
        slidesUrl: str(talk.extra.slidesUrl),
        video: talk.video,
        day: str(talk.extra.day),
        start: str(talk.extra.start),
        room: str(talk.extra.room),
        links: linksOf(readFileSync(path.join(dir, talk.file), 'utf8')),
      })),
    })),
    problems: ws.problems.length,
  };
}
