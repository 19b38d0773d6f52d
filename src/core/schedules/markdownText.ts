// Text from a published schedule as Markdown for a note: abstracts and descriptions come as HTML
// (FOSDEM), Markdown (pretalx) or plain text (frab, Sessionize). Whatever arrives, what is written
// is Markdown in which no raw HTML survives: HTML is converted tag by tag (unknown tags keep only
// their text), and a `<` that could open HTML in Markdown is escaped.
import { httpUrl } from '../links';

import type { Parser as HtmlParser, Handler } from 'htmlparser2' with { 'resolution-mode': 'import' };
type ParserCtor = typeof HtmlParser;

/** Converts one schedule text (HTML, Markdown or plain) to safe Markdown. */
export type ToMarkdown = (text: string) => string;

/**
 * Tag names that mark a text as HTML rather than Markdown that happens to contain a `<`. Anything
 * else is kept as Markdown, with every `<` escaped.
 */
const HTML_TAG =
  /<\/?(?:a|abbr|article|aside|b|blockquote|body|br|caption|center|code|dd|del|details|div|dl|dt|em|figcaption|figure|font|footer|h[1-6]|head|header|hr|html|i|iframe|img|ins|kbd|li|mark|nav|noscript|object|ol|p|pre|q|s|script|section|small|span|strike|strong|style|sub|summary|sup|table|tbody|td|template|tfoot|th|thead|tr|tt|u|ul|video)\b[^<>]*>|<!--|&(?:lt|gt|amp|quot|nbsp|#\d{1,7}|#x[\da-f]{1,6});/i;

/** Dropped with their content: never text a reader wants. */
const SKIPPED = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'head',
  'title',
  'select',
  'textarea',
]);

const BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'aside',
  'header',
  'footer',
  'nav',
  'main',
  'figure',
  'figcaption',
  'center',
  'details',
  'summary',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'caption',
  'dl',
  'dt',
  'dd',
  'address',
  'form',
  'fieldset',
  'body',
  'html',
]);

const INLINE_MARK: Record<string, string> = { b: '**', strong: '**', i: '*', em: '*', s: '~~', strike: '~~', del: '~~' };

/** Characters that mean something inline in Markdown (markdown-it with strikethrough and tables). */
const INLINE_SPECIAL = /[\\`*_[\]<>~|]/g;

/** Escapes text so Markdown shows it as written: inline markers everywhere, block markers at line starts. */
export function escapeMarkdown(text: string): string {
  return text.replace(INLINE_SPECIAL, '\\$&').split('\n').map(escapeLineStart).join('\n');
}

/** A line that would start a heading, list, quote, rule or setext underline, made plain. */
function escapeLineStart(line: string): string {
  const indent = line.length - line.trimStart().length;
  const rest = line.slice(indent);
  const c = rest[0];
  if (c === '#' || c === '>' || c === '=' || ((c === '-' || c === '+') && (rest.length === 1 || /[\s\-+]/.test(rest[1])))) {
    return line.slice(0, indent) + '\\' + rest;
  }
  const m = /^(\d{1,9})([.)])/.exec(rest);
  if (m) return line.slice(0, indent) + m[1] + '\\' + rest.slice(m[1].length);
  return line;
}

/** An http(s) URL as a Markdown link destination (spaces, parentheses, `<>` percent-encoded), else null. */
export function markdownHref(url: string): string | null {
  const safe = httpUrl(url);
  return safe && safe.replace(/[\s()<>]/g, ch => '%' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

/** `[label](url)` for an http(s) URL, the label escaped (the URL itself when it is empty); else null. */
export function markdownLink(label: string, url: string): string | null {
  const href = markdownHref(url);
  if (!href) return null;
  return `[${escapeMarkdown(label.replace(/\s+/g, ' ').trim()) || escapeMarkdown(url.trim())}](${href})`;
}

/**
 * Markdown written by people (pretalx) or plain text (frab): kept as written, except that every
 * `<` is escaped unless it opens an http(s) autolink, so nothing in it can be raw HTML.
 */
function plainToMarkdown(text: string): string {
  return text.replace(/<(?!https?:\/\/[^\s<>]*>)/gi, '\\<');
}

interface Frame {
  tag: string;
  /** Offset in the inline buffer where the element started. */
  start: number;
  href?: string | null;
}

interface ListState {
  ordered: boolean;
  next: number;
}

/**
 * One conversion: htmlparser2 feeds tags and text, blocks collect into `blocks`. Kept as a class
 * so each call has fresh state and the parser callbacks stay small.
 */
class Converter implements Partial<Handler> {
  private readonly blocks: string[] = [];
  private inline = '';
  private readonly frames: Frame[] = [];
  private readonly lists: ListState[] = [];
  /** Marker of the list item whose first line is still to be written. */
  private pendingMarker: string | null = null;
  private quoteDepth = 0;
  private skipDepth = 0;
  private pre: string | null = null;
  private code: string | null = null;
  private heading = 0;
  /** The last block written is a list item that the next item continues. */
  private inTightList = false;

  onopentag(name: string, attribs: Record<string, string>): void {
    if (SKIPPED.has(name)) {
      if (!VOID.has(name)) this.skipDepth++;
      return;
    }
    if (this.skipDepth) return;
    if (this.pre !== null) return;
    if (name === 'br') {
      this.inline += '\n';
    } else if (name === 'hr') {
      this.flush();
      this.emit('---');
    } else if (name === 'img') {
      const alt = (attribs.alt ?? '').trim();
      const src = httpUrl(attribs.src ?? '');
      // Only https images are shown by the notes view; anything else keeps its description.
      if (src && src.toLowerCase().startsWith('https:')) this.inline += '!' + (markdownLink(alt || 'image', src) ?? '');
      else if (alt) this.text(alt);
    } else if (name === 'pre') {
      this.flush();
      this.pre = '';
    } else if (name === 'code') {
      this.code = '';
    } else if (/^h[1-6]$/.test(name)) {
      this.flush();
      this.heading = Number(name[1]);
    } else if (name === 'ul' || name === 'ol') {
      this.flush();
      const start = Number(attribs.start);
      this.lists.push({ ordered: name === 'ol', next: Number.isInteger(start) && start >= 0 ? start : 1 });
    } else if (name === 'li') {
      this.flush();
      const list = this.lists[this.lists.length - 1];
      this.pendingMarker = list?.ordered ? `${list.next++}.` : '-';
    } else if (name === 'blockquote') {
      this.flush();
      this.quoteDepth++;
    } else if (name === 'a') {
      this.frames.push({ tag: name, start: this.inline.length, href: attribs.href ?? null });
    } else if (INLINE_MARK[name]) {
      this.frames.push({ tag: name, start: this.inline.length });
    } else if (BLOCKS.has(name)) {
      this.flush();
    } else if (name === 'td' || name === 'th') {
      if (this.inline.trim()) this.inline += ' ';
    }
  }

  onclosetag(name: string): void {
    if (SKIPPED.has(name) && this.skipDepth) {
      if (!VOID.has(name)) this.skipDepth--;
      return;
    }
    if (this.skipDepth) return;
    if (name === 'pre' && this.pre !== null) {
      const body = this.pre.replace(/^\n/, '').trimEnd();
      this.pre = null;
      if (body) this.emit(fence(body, '`') + '\n' + body + '\n' + fence(body, '`'));
      return;
    }
    if (this.pre !== null) return;
    if (name === 'code' && this.code !== null) {
      const body = this.code.replace(/\s+/g, ' ');
      this.code = null;
      if (body.trim()) {
        const tick = fence(body, '`', 1);
        const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
        this.inline += tick + pad + body + pad + tick;
      }
      return;
    }
    if (/^h[1-6]$/.test(name)) {
      this.flush();
      return;
    }
    if (name === 'ul' || name === 'ol') {
      this.flush();
      this.lists.pop();
      return;
    }
    if (name === 'li') {
      this.flush();
      this.pendingMarker = null;
      return;
    }
    if (name === 'blockquote') {
      this.flush();
      this.quoteDepth = Math.max(0, this.quoteDepth - 1);
      return;
    }
    if (name === 'a' || INLINE_MARK[name]) {
      this.closeInline(name);
      return;
    }
    if (BLOCKS.has(name)) this.flush();
  }

  ontext(data: string): void {
    if (this.skipDepth) return;
    if (this.pre !== null) this.pre += data;
    else if (this.code !== null) this.code += data;
    else this.text(data);
  }

  private text(data: string): void {
    // A blank line in text that mixes plain paragraphs with a few tags (Sessionize) still ends a
    // paragraph; HTML proper only has them between blocks, where an extra break changes nothing.
    if (/\n[ \t]*\n/.test(data)) {
      data.split(/\n[ \t]*\n/).forEach((part, i) => {
        if (i) this.flush();
        this.inlineText(part);
      });
      return;
    }
    this.inlineText(data);
  }

  private inlineText(data: string): void {
    const collapsed = data.replace(/\s+/g, ' ');
    if (collapsed === ' ' && (!this.inline || this.inline.endsWith(' ') || this.inline.endsWith('\n'))) return;
    this.inline += escapeMarkdown(collapsed);
  }

  /** Wraps the text since the matching open tag (emphasis, link); unmatched closes are ignored. */
  private closeInline(tag: string): void {
    let k = this.frames.length - 1;
    while (k >= 0 && this.frames[k].tag !== tag) k--;
    if (k < 0) return;
    const frame = this.frames[k];
    this.frames.length = k;
    const inner = this.inline.slice(frame.start);
    let a = 0;
    let b = inner.length;
    while (a < b && /\s/.test(inner[a])) a++;
    while (b > a && /\s/.test(inner[b - 1])) b--;
    const core = inner.slice(a, b);
    let wrapped = core;
    if (tag === 'a') {
      const href = frame.href ? markdownHref(frame.href) : null;
      wrapped = href ? `[${core || escapeMarkdown(frame.href!.trim())}](${href})` : core;
    } else if (core) {
      const mark = INLINE_MARK[tag];
      wrapped = mark + core + mark;
    }
    this.inline = this.inline.slice(0, frame.start) + inner.slice(0, a) + wrapped + inner.slice(b);
  }

  /** Ends the current paragraph (or heading, or list item line) and writes it. */
  private flush(): void {
    // Elements left open across a block boundary stay as plain text.
    this.frames.length = 0;
    const text = this.inline
      .split('\n')
      .map(l => l.trim())
      .join('\n')
      .replace(/\n{2,}/g, '\n')
      // Whitespace moved out of emphasis can meet the space before it.
      .replace(/ {2,}/g, ' ')
      .trim();
    this.inline = '';
    if (!text) return;
    if (this.heading) {
      const level = Math.min(6, Math.max(3, this.heading + 2));
      this.emit('#'.repeat(level) + ' ' + text.replace(/\n/g, ' '));
      this.heading = 0;
      return;
    }
    this.emit(text.replace(/\n/g, '\\\n'));
  }

  /** Writes one finished block with the list and quote prefixes in force. */
  private emit(block: string): void {
    const depth = this.lists.length;
    const indent = '   '.repeat(Math.max(0, depth - 1));
    let lines = block.split('\n');
    if (depth) {
      const marker = this.pendingMarker;
      this.pendingMarker = null;
      const pad = ' '.repeat((marker ?? '-').length + 1);
      lines = lines.map((l, i) => (i === 0 && marker ? `${indent}${marker} ${l}` : `${indent}${pad}${l}`));
      if (marker && this.inTightList && this.blocks.length) {
        // Items follow one another without a blank line, nested ones included: a tight list.
        this.blocks[this.blocks.length - 1] += '\n' + this.quote(lines).join('\n');
        return;
      }
      this.inTightList = marker !== null;
    } else {
      this.inTightList = false;
    }
    this.blocks.push(this.quote(lines).join('\n'));
  }

  private quote(lines: string[]): string[] {
    return this.quoteDepth ? lines.map(l => '> '.repeat(this.quoteDepth) + l) : lines;
  }

  result(): string {
    if (this.pre !== null) {
      const body = this.pre.trim();
      this.pre = null;
      if (body) this.emit(fence(body, '`') + '\n' + body + '\n' + fence(body, '`'));
    }
    if (this.code !== null) {
      this.text(this.code);
      this.code = null;
    }
    this.flush();
    return this.blocks.join('\n\n');
  }
}

const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'base', 'col', 'area', 'source', 'track', 'wbr', 'embed', 'param']);

/** A run of `char` longer than any run of it inside `body` (at least `min`, 3 for fences). */
function fence(body: string, char: string, min = 3): string {
  let longest = 0;
  let run = 0;
  for (const c of body) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return char.repeat(Math.max(min, longest + 1));
}

/**
 * More `<` than any real abstract has. htmlparser2 keeps open elements in an array it grows at the
 * front, so deeply nested tags cost time quadratic in their number; past this many, tags are
 * stripped with one linear pass instead of parsed, and the text is kept.
 */
const MAX_TAGS = 5000;

function countOf(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) n++;
  return n;
}

const BASIC_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Pathological HTML: its text only, tags removed, common entities decoded, then escaped. */
function strippedToMarkdown(text: string): string {
  const plain = text
    .replace(/<[^<>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|apos|nbsp);/g, (_, name: string) => BASIC_ENTITIES[name])
    .replace(/[ \t]+/g, ' ')
    .trim();
  return escapeMarkdown(plain);
}

let parserPromise: Promise<ParserCtor> | undefined;

/** Loads htmlparser2 once, the first time a schedule is imported. */
export async function createMarkdownConverter(): Promise<ToMarkdown> {
  parserPromise ??= import('htmlparser2').then(m => m.Parser);
  const Parser = await parserPromise;
  return (raw: string) => {
    const text = typeof raw === 'string' ? raw.replace(/\r\n?/g, '\n') : '';
    if (!text.trim()) return '';
    if (!HTML_TAG.test(text)) return plainToMarkdown(text.trim());
    if (countOf(text, '<') > MAX_TAGS) return strippedToMarkdown(text);
    const converter = new Converter();
    const parser = new Parser(converter, { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true });
    parser.end(text);
    return converter.result();
  };
}
