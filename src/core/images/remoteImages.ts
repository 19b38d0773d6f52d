// The remote images of a note, exactly as the notes view shows them, with where each is written:
// inline `![alt](https://… "title")`, and the definitions `[id]: https://…` that reference-style
// images use. Raw HTML (`<img src=…>`) is never an image here: the notes view shows it as text,
// so there is nothing to keep offline.
//
// Two readers agree before anything is rewritten. markdown-it (the notes view's parser) decides
// what is an image and what its URL is — indented code, a definition inside a paragraph, escapes
// and entities are its business; the scanners in ../markdown say where in the text each image
// is. An image markdown-it sees that the scanners cannot place is reported, never guessed at.
import type MarkdownIt from 'markdown-it' with { 'resolution-mode': 'import' };
import { locateFrontMatter } from '../frontMatter/locate';
import { isWhitespace } from '../chars';
import { httpUrl } from '../links';
import { findMarkdownImages, MarkdownScan, type Span } from '../markdown/inlineLinks';
import { findLinkDefinitions, type LinkDefinition } from '../markdown/linkDefinitions';
import type { TextEdit } from '../model';
import { linkDestination } from '../references';
import { loadMarkdownIt } from '../render';

type Token = ReturnType<MarkdownIt['parse']>[number];

export interface RemoteImage {
  /** The http(s) URL the notes view would load (markdown-it's normalised `src`). */
  url: string;
  /** The URL as the author wrote it (escapes resolved): what the rewritten title keeps. */
  written: string;
  /** 1-based line of the image, or of its definition for a reference-style image. */
  line: number;
  /** `destination "title"` of the image, or of its definition: what a rewrite replaces. */
  target: Span;
  /** The image's title as markdown-it reads it, '' when it has none. */
  title: string;
}

export interface NoteImages {
  /** One entry per place to rewrite: a definition used by several images is one entry. */
  remote: RemoteImage[];
  /** Remote images markdown-it shows that could not be placed in the text (they cannot be rewritten). */
  unplaced: { url: string; line: number }[];
}

/** What the rewritten title of an image starts its record of the original URL with. */
const ORIGINAL = 'original: ';
const ORIGINAL_AFTER_TITLE = ` — ${ORIGINAL}`;

/** The title of a kept-offline image: its own title (if any), then where the image came from. */
export function titleWithOriginal(title: string, url: string): string {
  return title ? `${title}${ORIGINAL_AFTER_TITLE}${url}` : `${ORIGINAL}${url}`;
}

/** The original URL recorded in a title by titleWithOriginal, or null. */
export function originalUrl(title: string): string | null {
  const at = title.lastIndexOf(ORIGINAL);
  if (at < 0 || (at > 0 && !title.slice(0, at + ORIGINAL.length).endsWith(ORIGINAL_AFTER_TITLE))) return null;
  return httpUrl(title.slice(at + ORIGINAL.length));
}

let parser: MarkdownIt | undefined;

/** markdown-it as the notes view configures it for structure: raw HTML is text (see render.ts). */
function markdown(): MarkdownIt {
  parser ??= new (loadMarkdownIt())('default', { html: false });
  return parser;
}

interface InlineBlock {
  /** 0-based first line. */
  line: number;
  /** The images markdown-it sees in the block, in order. */
  images: { src: string; title: string; placed: boolean }[];
  /** Where the images of each `src` are in `images`, and how many of those are behind the cursor. */
  bySrc: Map<string, { at: number[]; next: number }>;
  /** Images before it were matched or passed over. */
  cursor: number;
}

/**
 * The first image of `block` at or after its cursor whose `src` is `src`, or -1. Each index is
 * passed over once, so matching a whole block is linear however often the two readers disagree.
 */
function nextImage(block: InlineBlock, src: string): number {
  const entry = block.bySrc.get(src);
  if (!entry) return -1;
  while (entry.next < entry.at.length && entry.at[entry.next] < block.cursor) entry.next++;
  return entry.next < entry.at.length ? entry.at[entry.next] : -1;
}

/** What markdown-it reads in the note: its inline blocks by line, its code lines, its definitions. */
function markdownView(text: string) {
  // The front matter is not Markdown: blanked, so that lines keep their numbers.
  const located = locateFrontMatter(text);
  const end = located.kind === 'block' ? located.block.end : 0;
  const body = end ? text.slice(0, end).replace(/[^\r\n]/g, ' ') + text.slice(end) : text;
  const env: { references?: Record<string, { href: string; title: string }> } = {};
  const tokens = markdown().parse(body, env);
  const blockOfLine = new Map<number, InlineBlock>();
  const leafLines = new Set<number>();
  const blocks = new Map<string, InlineBlock>();
  // Table cells have no line map of their own: their row's is the one open around them.
  const open: (Token['map'] | null)[] = [];
  for (const token of tokens) {
    if (token.nesting === 1) open.push(token.map);
    else if (token.nesting === -1) open.pop();
    let map = token.map;
    for (let i = open.length - 1; !map && i >= 0; i--) map = open[i];
    if (!map) continue;
    if (token.type === 'inline' || token.type === 'code_block' || token.type === 'fence' || token.type === 'hr') {
      for (let l = map[0]; l < map[1]; l++) leafLines.add(l);
    }
    if (token.type !== 'inline') continue;
    const key = `${map[0]}:${map[1]}`;
    let block = blocks.get(key);
    if (!block) {
      blocks.set(key, (block = { line: map[0], images: [], bySrc: new Map(), cursor: 0 }));
      for (let l = map[0]; l < map[1]; l++) blockOfLine.set(l, block);
    }
    for (const child of token.children ?? []) {
      if (child.type !== 'image') continue;
      const src = child.attrGet('src') ?? '';
      let entry = block.bySrc.get(src);
      if (!entry) block.bySrc.set(src, (entry = { at: [], next: 0 }));
      entry.at.push(block.images.length);
      block.images.push({ src, title: child.attrGet('title') ?? '', placed: false });
    }
  }
  return { blockOfLine, leafLines, blocks: [...blocks.values()], references: env.references ?? {} };
}

/** 0-based line of each offset, for offsets given in increasing order (one pass over the text in all). */
function lineCounter(text: string): (offset: number) => number {
  let line = 0;
  let nextBreak = text.indexOf('\n');
  return offset => {
    while (nextBreak >= 0 && nextBreak < offset) {
      line++;
      nextBreak = text.indexOf('\n', nextBreak + 1);
    }
    return line;
  };
}

/** The title between its delimiters, as markdown-it reads it. */
function titleText(text: string, title: Span | null): string {
  return title ? markdown().utils.unescapeAll(text.slice(title.start + 1, title.end - 1)) : '';
}

/** `destination "title"` of an image or definition, from the start of the destination. */
function targetSpan(def: { destination: Span; title: Span | null }): Span {
  return { start: def.destination.start, end: def.title?.end ?? def.destination.end };
}

/** Every remote (http or https) image of the note that can be rewritten, and those that cannot. */
export function findRemoteImages(text: string): NoteImages {
  const remote: RemoteImage[] = [];
  const unplaced: NoteImages['unplaced'] = [];
  if (!/https?:/i.test(text)) return { remote, unplaced };
  const md = markdown();
  const { unescapeAll, normalizeReference } = md.utils;
  const view = markdownView(text);
  const scan = new MarkdownScan(text);
  const lineOfDefinition = lineCounter(text);

  // The definitions markdown-it uses: the first one of each label, on a line of its own.
  const definitions = new Map<string, { def: LinkDefinition; line: number; used: boolean }>();
  for (const def of findLinkDefinitions(text, scan)) {
    const line = lineOfDefinition(def.start);
    const label = normalizeReference(def.label);
    const known = view.references[label];
    if (view.leafLines.has(line) || definitions.has(label) || !known) continue;
    if (known.href !== md.normalizeLink(unescapeAll(def.target.text)) || known.title !== titleText(text, def.target.title)) continue;
    definitions.set(label, { def, line, used: false });
  }

  const lineOfImage = lineCounter(text);
  for (const image of findMarkdownImages(text, scan)) {
    const line = lineOfImage(image.start);
    const block = view.blockOfLine.get(line);
    if (!block) continue;
    let src: string;
    let definition: { def: LinkDefinition; line: number; used: boolean } | undefined;
    if (image.kind === 'inline') {
      src = md.normalizeLink(unescapeAll(image.target.text));
    } else {
      definition = definitions.get(normalizeReference(image.label));
      if (!definition) continue;
      src = view.references[normalizeReference(image.label)].href;
    }
    // The same image, in the same order, in markdown-it's reading of the block.
    const k = nextImage(block, src);
    if (k < 0) continue;
    block.images[k].placed = true;
    block.cursor = k + 1;
    if (!isRemote(src)) continue;
    if (image.kind === 'inline') {
      remote.push({
        url: src,
        written: unescapeAll(image.target.text).trim(),
        line: line + 1,
        target: targetSpan(image.target),
        title: block.images[k].title,
      });
    } else if (definition && !definition.used) {
      definition.used = true;
      const { def } = definition;
      remote.push({
        url: src,
        written: unescapeAll(def.target.text).trim(),
        line: definition.line + 1,
        target: targetSpan(def.target),
        title: block.images[k].title,
      });
    }
  }
  for (const block of view.blocks) {
    for (const image of block.images) if (!image.placed && isRemote(image.src)) unplaced.push({ url: image.src, line: block.line + 1 });
  }
  remote.sort((a, b) => a.target.start - b.target.start);
  return { remote, unplaced };
}

function isRemote(src: string): boolean {
  return /^https?:\/\//i.test(src) && httpUrl(src) !== null;
}

/** `text` on one line: each line break, with the whitespace around it, becomes one space. */
function oneLine(text: string): string {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    let end = i;
    while (end > from && isWhitespace(text.charCodeAt(end - 1))) end--;
    parts.push(text.slice(from, end));
    while (i + 1 < text.length && isWhitespace(text.charCodeAt(i + 1))) i++;
    from = i + 1;
  }
  parts.push(text.slice(from));
  return parts.join(' ');
}

/** A title in double quotes that markdown-it reads back as `title`, on one line. */
function quotedTitle(title: string): string {
  // `&amp;` would be read as `&`: an ampersand that starts an entity is escaped.
  return `"${oneLine(title)
    .replace(/[\\"]/g, '\\$&')
    .replace(/&(?=#?[A-Za-z0-9]{1,32};)/g, '\\&')}"`;
}

/**
 * The edits that point each remote image whose URL is in `saved` at its local copy (`saved` maps
 * the URL to the path relative to the note), keeping the original URL in the title. Computed on
 * the text as it is now, so it may be called again on a note edited meanwhile.
 */
export function offlineEdits(text: string, saved: ReadonlyMap<string, string>): TextEdit[] {
  const edits: TextEdit[] = [];
  if (!saved.size) return edits;
  for (const image of findRemoteImages(text).remote) {
    const local = saved.get(image.url);
    if (local === undefined) continue;
    const replacement = `${linkDestination(local)} ${quotedTitle(titleWithOriginal(image.title, image.written))}`;
    edits.push({ offset: image.target.start, length: image.target.end - image.target.start, text: replacement });
  }
  return edits;
}
