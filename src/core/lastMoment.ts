// Where to pick a talk's video up again: the last video moment the note holds. A note records
// moments as links with a time (`[▶ 12:34](https://…?t=754)`, written by Insert Video Timestamp),
// so the last one written is the furthest point the user took notes at.
import { httpUrl, videoMomentSeconds } from './links';
import { findMarkdownLinks } from './markdown/inlineLinks';

export interface VideoMoment {
  /** The link as written (http(s) only), with every parameter it has (Bilibili's `p` part). */
  url: string;
  seconds: number;
}

/** The last inline link of the note that points at a moment of a video; null when there is none. Linear. */
export function lastVideoMoment(text: string): VideoMoment | null {
  const links = findMarkdownLinks(text);
  for (let i = links.length - 1; i >= 0; i--) {
    const url = httpUrl(links[i].destination.trim());
    const seconds = url === null ? null : videoMomentSeconds(url);
    if (url !== null && seconds !== null) return { url, seconds };
  }
  return null;
}
