// How the CLI prints a workspace: the `--json` contract and the human-readable tree.
import type { NotesWorkspace, Problem, Talk, TalkStatus } from '../core/model';

export interface ListJson {
  conference: { title: string | null; slidesDownload: string | null; replay: string | null };
  tracks: {
    title: string;
    talks: {
      title: string;
      speakers: string[];
      slides: string | null;
      video: string | null;
      article: string | null;
      status: TalkStatus;
      tags: string[];
      file: string;
    }[];
  }[];
  problems: { file: string; line: number | null; severity: Problem['severity']; message: string }[];
}

/** The documented `talk-notes list --json` shape; nothing more, so scripts can rely on it. */
export function toListJson(ws: NotesWorkspace): ListJson {
  return {
    conference: {
      title: ws.conference.title,
      slidesDownload: ws.conference.slidesDownload,
      replay: ws.conference.replay,
    },
    tracks: ws.tracks.map(track => ({
      title: track.title,
      talks: track.talks.map(t => ({
        title: t.title,
        speakers: [...t.speakers],
        slides: t.slides,
        video: t.video,
        article: t.article,
        status: t.status,
        tags: [...t.tags],
        file: t.file,
      })),
    })),
    problems: ws.problems.map(p => ({ file: p.file, line: p.line, severity: p.severity, message: p.message })),
  };
}

const STATUS_MARK: Record<TalkStatus, string> = { todo: '[ ]', watching: '[~]', done: '[x]' };

function links(t: Talk): string {
  const has = [t.slides && 'slides', t.video && 'video', t.article && 'article'].filter(Boolean);
  return has.length ? `  (${has.join(', ')})` : '';
}

/** The tree people read in a terminal: conference, tracks with progress, talks with status marks. */
export function formatTree(ws: NotesWorkspace): string {
  const out: string[] = [];
  out.push(ws.conference.title ?? '(untitled conference)');
  if (ws.conference.slidesDownload) out.push(`  Slides download: ${ws.conference.slidesDownload}`);
  if (ws.conference.replay) out.push(`  Replay: ${ws.conference.replay}`);
  let total = 0;
  for (const track of ws.tracks) {
    const done = track.talks.filter(t => t.status === 'done').length;
    total += track.talks.length;
    out.push('', `${track.title}  ${done}/${track.talks.length}`);
    track.talks.forEach((t, i) => {
      const who = t.speakers.length ? ` — ${t.speakers.join(', ')}` : '';
      out.push(`  ${STATUS_MARK[t.status]} ${String(i + 1).padStart(2)}. ${t.title}${who}${links(t)}`);
    });
  }
  out.push('', `${ws.tracks.length} tracks, ${total} talks`);
  if (ws.problems.length) out.push(`${ws.problems.length} problem(s); run \`talk-notes check\` for details`);
  return out.join('\n') + '\n';
}

/** `file:line: severity: message`, the shape editors and CI logs turn into links. */
export function formatProblem(p: Problem, base: string): string {
  const file = base ? `${base.replace(/\/+$/, '')}/${p.file}` : p.file;
  return `${file}${p.line ? `:${p.line}` : ''}: ${p.severity}: ${p.message}`;
}
