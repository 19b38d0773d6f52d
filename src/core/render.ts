// Turns a talk's Markdown notes into the HTML shown in the notes webview. Notes are written by
// other people (imported outlines, shared workspaces), so the output must be inert: no raw HTML,
// no script-capable URLs, and every image and link routed through the caller's policy.
import { httpUrl, videoMomentSeconds } from './links';
import { pairMoments, slideReferencePage } from './quotesAndMoments';

// The ESM declarations: the chunk is built from markdown-it's ES module (see loadMarkdownIt); the
// CommonJS ones describe the same class under a type TypeScript considers incompatible.
import type MarkdownIt from 'markdown-it' with { 'resolution-mode': 'import' };
type MarkdownItCtor = typeof MarkdownIt;
type Token = ReturnType<MarkdownIt['parse']>[number];
type LinkifyIt = MarkdownIt['linkify'];
type LinkifyMatch = NonNullable<ReturnType<LinkifyIt['matchAtStart']>>;

export interface RenderOptions {
  /**
   * Receives every image target as the author wrote it (percent-escapes decoded) and returns the
   * `src` to emit: a webview URI for a relative path, the URL itself for `https:`, or null to show
   * a placeholder with the alt text. Raster `data:image/(png|gif|jpeg|webp)` URLs also arrive
   * here; every other `data:` URL and all `javascript:`, `vbscript:` and `file:` targets are
   * refused by the parser and stay literal text (or, when percent-escaped past the parser,
   * become placeholders without reaching the resolver).
   */
  resolveImage(src: string): string | null;
  /**
   * Decides the `href` of every link from its original target; null means `href="#"`. Without it,
   * only http(s) and `#anchor` targets keep their href. Either way the original target is in
   * `data-href`, which is what the webview reports when a link is clicked.
   */
  resolveLink?(href: string): string | null;
}

export interface RenderedHeading {
  level: number;
  text: string;
  id: string;
}

export interface RenderResult {
  html: string;
  headings: RenderedHeading[];
  /** Image references in the note, whether or not the resolver accepted them. */
  images: number;
}

export interface NotesRenderer {
  render(markdown: string, opts: RenderOptions): RenderResult;
}

/** Schemes that never become links or image sources (with the raster exception below). */
const BAD_PROTOCOL = /^(?:javascript|vbscript|file|data):/;
/** The only `data:` URLs accepted, and only as image sources (SVG can carry script). */
const RASTER_DATA_IMAGE = /^data:image\/(?:gif|png|jpeg|webp);/;
/** Refused even when a resolver hands them back: a resolver bug must not become script. */
const SCRIPT_PROTOCOL = /^(?:javascript|vbscript):/;
/**
 * Where a bare URL ends in Chinese text. linkify-it treats every letter as part of a path, so
 * `https://a.cn/x），见下` would link `），见下` too. Browsers copy non-ASCII URLs percent-encoded,
 * so a URL written in a note practically never contains these characters literally.
 */
const URL_STOP = /[\u2018-\u201f\u2026\u3000-\u303f\u3040-\u30ff\uff00-\uffef\p{Script=Han}\p{Script=Hangul}]/u;
/** A play sign at the start of a video link's text: the chip needs no second one. */
const VIDEO_ICON = /^\s*[▶►▷⏵]/u;

type LinkKind = { kind: 'slide'; page: number } | { kind: 'video' } | { kind: 'other' };

/**
 * Loaded on first use: the extension activates long before (or without) anyone opening notes,
 * and markdown-it plus linkify are the heaviest modules in the bundle. The build puts markdown-it
 * in a chunk of its own (dist/chunks/, see esbuild.config.mjs), so until then it is not even parsed.
 */
let rendererPromise: Promise<NotesRenderer> | undefined;

export function loadMarkdownIt(): MarkdownItCtor {
  // A runtime require on purpose: an import would load the library with the bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('markdown-it') as MarkdownItCtor & { default?: MarkdownItCtor };
  return mod.default ?? mod;
}

export function createRenderer(): Promise<NotesRenderer> {
  rendererPromise ??= Promise.resolve()
    .then(() => buildRenderer(loadMarkdownIt()))
    .catch(error => {
      // A failed load must not poison every later attempt.
      rendererPromise = undefined;
      throw error;
    });
  return rendererPromise;
}

function buildRenderer(MarkdownItClass: MarkdownItCtor): NotesRenderer {
  const md = new MarkdownItClass('default', {
    html: false,
    linkify: true,
    typographer: false,
    // Single newlines are line breaks: Typora's Shift+Enter and hand-typed notes mean "new line"
    // by them, and joining the lines with a space would put stray spaces into Chinese text.
    breaks: true,
  });
  // Refused targets stay literal text, so the reader still sees what the author wrote.
  md.validateLink = url => !refusedTarget(url);
  stopUrlsAtCjk(md.linkify);

  const { escapeHtml } = md.utils;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    // Every rendered image was resolved by the walk; the fallback only guards against a token
    // markdown-it might add in a later version without our walk seeing it.
    const meta = (token.meta as ImageMeta | null) ?? { original: token.attrGet('src') ?? '', resolved: null };
    const alt = self.renderInlineAsText(token.children ?? [], options, env);
    const original = escapeHtml(meta.original);
    if (meta.resolved === null) {
      const text = escapeHtml(alt || meta.original);
      return `<span class="tn-image-placeholder" data-src-original="${original}"><span class="tn-image-alt">${text}</span></span>`;
    }
    const title = token.attrGet('title');
    const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
    return `<img src="${escapeHtml(meta.resolved)}" alt="${escapeHtml(alt)}"${titleAttr} loading="lazy" data-src-original="${original}">`;
  };

  return {
    render(markdown, opts) {
      const env = {};
      const tokens = md.parse(markdown, env);
      const walk = new TokenWalk(md, opts);
      walk.blocks(tokens);
      return { html: md.renderer.render(tokens, md.options, env), headings: walk.headings, images: walk.images };
    },
  };
}

interface ImageMeta {
  original: string;
  resolved: string | null;
}

/** One pass over the token stream that applies our policies before markdown-it renders it. */
class TokenWalk {
  readonly headings: RenderedHeading[] = [];
  images = 0;
  private readonly ids = new UniqueIds();

  constructor(
    private readonly md: MarkdownIt,
    private readonly opts: RenderOptions,
  ) {}

  blocks(tokens: Token[]): void {
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      // Lets the webview scroll to the editor's line; lines are 0-based in the rendered text.
      if (token.block && token.map && token.nesting >= 0) token.attrSet('data-line', String(token.map[0]));
      if (token.type === 'heading_open') {
        const inline = tokens[i + 1];
        const text = inline?.type === 'inline' ? plainText(inline.children ?? []) : '';
        const id = this.ids.take(slugify(text));
        token.attrSet('id', id);
        this.headings.push({ level: Number(token.tag.slice(1)), text, id });
      } else if (token.type === 'th_open' || token.type === 'td_open') {
        alignmentToClass(token);
      } else if (token.type === 'inline' && token.children) {
        this.inline(token.children);
      }
    }
  }

  private inline(children: Token[]): void {
    const links: { token: Token; kind: LinkKind }[] = [];
    children.forEach((token, i) => {
      if (token.type === 'link_open') links.push({ token, kind: this.link(token, children[i + 1]) });
      else if (token.type === 'image') this.image(token);
    });
    // A video moment next to a slide reference in the same paragraph or list item is that slide's
    // moment: its chip names the slide (the pairing rule of quotesAndMoments.ts).
    const pages = pairMoments(links.map(l => l.kind));
    links.forEach((l, i) => {
      const page = pages[i];
      if (page !== null) l.token.attrSet('data-slide', String(page));
    });
  }

  private link(token: Token, first: Token | undefined): LinkKind {
    const href = token.attrGet('href') ?? '';
    const original = this.md.normalizeLinkText(href);
    let out: string | null;
    if (this.opts.resolveLink) {
      // `java%73cript:` is harmless as written but not once decoded for the resolver.
      out = refusedTarget(original) ? null : this.opts.resolveLink(original);
      if (out !== null && BAD_PROTOCOL.test(browserView(out))) out = null;
    } else {
      out = href.startsWith('#') || httpUrl(href) ? href : null;
    }
    token.attrSet('href', out ?? '#');
    token.attrSet('data-href', original);
    const slide = slideReferencePage(original);
    if (slide !== null) {
      token.attrJoin('class', 'tn-chip tn-chip-slide');
      return { kind: 'slide', page: slide };
    }
    if (videoMomentSeconds(original) === null) return { kind: 'other' };
    token.attrJoin('class', 'tn-chip tn-chip-video');
    // `[▶ 12:34](…)`, as Insert Video Timestamp writes it, has its icon already.
    if (first?.type === 'text' && VIDEO_ICON.test(first.content)) token.attrJoin('class', 'tn-chip-has-icon');
    return { kind: 'video' };
  }

  private image(token: Token): void {
    this.images++;
    const original = this.md.normalizeLinkText(token.attrGet('src') ?? '');
    let resolved = refusedTarget(original) ? null : this.opts.resolveImage(original);
    if (resolved !== null && SCRIPT_PROTOCOL.test(browserView(resolved))) resolved = null;
    token.meta = { original, resolved } satisfies ImageMeta;
  }
}

/**
 * Cuts linkify's matches at the first CJK character or full-width punctuation. Both entry points
 * are wrapped: markdown-it's inline rule uses `matchAtStart` for `scheme://` links, its core rule
 * uses `match` for the rest (`www.example.com`).
 */
function stopUrlsAtCjk(linkify: LinkifyIt): void {
  const matchAtStart = linkify.matchAtStart.bind(linkify);
  const match = linkify.match.bind(linkify);
  linkify.matchAtStart = text => {
    const found = matchAtStart(text);
    return found && truncateMatch(found) ? found : null;
  };
  const matchAll = (text: string): LinkifyMatch[] | null => {
    const found = match(text);
    if (!found) return null;
    const out: LinkifyMatch[] = [];
    for (const m of found) {
      const end = m.lastIndex;
      const kept = truncateMatch(m);
      if (kept) out.push(m);
      // What was cut off may hold the next URL (`https://a.cn、https://b.cn`). Tails are disjoint
      // slices of the text, so this stays linear however many links a paragraph has.
      const tailStart = kept ? m.lastIndex : m.index + 1;
      if (tailStart >= end) continue;
      for (const inner of matchAll(text.slice(tailStart, end)) ?? []) {
        inner.index += tailStart;
        inner.lastIndex += tailStart;
        out.push(inner);
      }
    }
    return out.length ? out : null;
  };
  linkify.match = matchAll;
}

/** Shortens the match in place; false when nothing of it is left. */
function truncateMatch(m: LinkifyMatch): boolean {
  const cut = m.raw.search(URL_STOP);
  if (cut < 0) return true;
  if (cut === 0 || !m.url.endsWith(m.raw)) return false;
  const removed = m.raw.length - cut;
  m.raw = m.raw.slice(0, cut);
  m.text = m.text.slice(0, Math.max(0, m.text.length - removed));
  m.url = m.url.slice(0, m.url.length - removed);
  m.lastIndex -= removed;
  return true;
}

/**
 * The scheme as a browser would read it: URL parsers drop tabs and newlines anywhere and control
 * characters in front, so `java\nscript:` is `javascript:`. Decoding `%0A` for display and for
 * the resolvers can produce exactly that, hence the check on the decoded text too.
 */
function browserView(url: string): string {
  return url
    .replace(/[\t\n\r]/g, '')
    .replace(/^[\u0000-\u0020]+/, '')
    .toLowerCase();
}

function refusedTarget(url: string): boolean {
  const view = browserView(url);
  return BAD_PROTOCOL.test(view) && !RASTER_DATA_IMAGE.test(view);
}

/** The CSP forbids inline styles, so markdown-it's `style="text-align:…"` would be dropped. */
function alignmentToClass(token: Token): void {
  const style = token.attrGet('style');
  if (style === null) return;
  token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
  const align = /text-align:\s*(left|center|right)/.exec(style);
  if (align) token.attrJoin('class', `tn-align-${align[1]}`);
}

function plainText(children: Token[]): string {
  let text = '';
  for (const token of children) {
    if (token.type === 'text' || token.type === 'code_inline') text += token.content;
    else if (token.type === 'softbreak' || token.type === 'hardbreak') text += ' ';
    else if (token.type === 'image') text += plainText(token.children ?? []);
  }
  return text.trim();
}

/**
 * GitHub-style slug: lower case, punctuation dropped, whitespace runs as `-`. Letters and digits
 * of every script survive, so Chinese headings get readable ids rather than empty ones.
 */
export function slugify(text: string): string {
  const slug = text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\s-]/gu, '')
    .replace(/\s+/gu, '-');
  return slug || 'section';
}

/** Hands out `base`, then `base-1`, `base-2`…, never repeating one, in amortised O(1) per id. */
class UniqueIds {
  private readonly used = new Set<string>();
  private readonly next = new Map<string, number>();

  take(base: string): string {
    let id = base;
    if (this.used.has(id)) {
      let n = this.next.get(base) ?? 1;
      while (this.used.has(`${base}-${n}`)) n++;
      id = `${base}-${n}`;
      this.next.set(base, n + 1);
    }
    this.used.add(id);
    return id;
  }
}
