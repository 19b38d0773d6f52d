// The notes view's script. It draws what the extension sends and reports what the reader does;
// it never opens anything itself, so every link and command goes through the extension's checks.
import { parseShortSlideLink } from '../core/links';
import { assertNever } from '../shared/guards';
import {
  isHostToNotesView,
  isNotesViewState,
  notesViewLabels,
  type NotesCommand,
  type NotesHeader,
  type NotesViewLabelKey,
  type NotesViewState,
  type RenderMessage,
  type NotesViewToHost,
} from '../shared/notesViewProtocol';

interface VsCodeApi {
  postMessage(message: NotesViewToHost): void;
  getState(): unknown;
  setState(state: NotesViewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** Scrolls the extension asked for are not reported back; that would echo editor sync. */
const PROGRAMMATIC_SCROLL_MS = 150;
const SCROLL_REPORT_MS = 100;
/** How long a restored position follows images that load or fail after a re-render. */
const SETTLE_MS = 2000;

const vscode = acquireVsCodeApi();
const headerEl = container('tn-header', 'header');
const bodyEl = container('tn-body', 'main');

/** Localized by the extension into the page; checked, English for anything missing. */
const labels = notesViewLabels(parseJson(document.body.dataset.labels));
let talkId: string | null = null;
const savedState = vscode.getState();
/** State from before a reload, applied once to the first render of the same talk. */
let restored: NotesViewState | null = isNotesViewState(savedState) ? savedState : null;
let programmaticUntil = 0;
/** The restored position while late layout (images) can still move it, until the reader scrolls. */
let settle: { ratio: number; until: number } | null = null;
let scrollFrame = 0;
let reportTimer: ReturnType<typeof setTimeout> | undefined;

/** The shell provides both containers; creating them keeps the view usable if it ever does not. */
function container(id: string, tag: 'header' | 'main'): HTMLElement {
  const found = document.getElementById(id);
  if (found) return found;
  const el = document.createElement(tag);
  el.id = id;
  document.body.append(el);
  return el;
}

function parseJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function label(key: NotesViewLabelKey): string {
  return labels[key];
}

function post(message: NotesViewToHost): void {
  vscode.postMessage(message);
}

function scroller(): Element {
  return document.scrollingElement ?? document.documentElement;
}

function scrollRatio(): number {
  const el = scroller();
  const max = el.scrollHeight - el.clientHeight;
  return max > 0 ? Math.min(1, Math.max(0, el.scrollTop / max)) : 0;
}

function scrollToRatio(ratio: number): void {
  const el = scroller();
  programmaticUntil = performance.now() + PROGRAMMATIC_SCROLL_MS;
  el.scrollTop = ratio * Math.max(0, el.scrollHeight - el.clientHeight);
}

/** `quiet` for scrolls the extension asked for; a reader's in-page jump is reported like any scroll. */
function scrollToElement(target: Element, quiet: boolean): void {
  if (quiet) programmaticUntil = performance.now() + PROGRAMMATIC_SCROLL_MS;
  settle = null;
  target.scrollIntoView({ block: 'start' });
}

function resettle(): void {
  if (!settle) return;
  if (performance.now() > settle.until) settle = null;
  else scrollToRatio(settle.ratio);
}

function saveState(): void {
  if (talkId !== null) vscode.setState({ talkId, scroll: scrollRatio() });
}

// ---- header ---------------------------------------------------------------------------------

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function commandButton(command: NotesCommand, text: string, available: boolean, missing: string): HTMLButtonElement {
  const button = element('button', 'tn-button', text);
  button.type = 'button';
  button.dataset.command = command;
  if (!available) disable(button, missing);
  return button;
}

/**
 * aria-disabled rather than `disabled`: a disabled button gets no hover, so its tooltip (the only
 * explanation of why it is unavailable) would never show, and it leaves the tab order, hiding
 * that explanation from screen readers too.
 */
function disable(button: HTMLButtonElement, why: string): void {
  button.setAttribute('aria-disabled', 'true');
  button.classList.add('tn-disabled');
  button.title = why;
}

function renderHeader(header: NotesHeader, banner: string | null): void {
  const main = element('div', 'tn-header-main');
  main.append(element('h1', 'tn-title', header.title));

  const meta = element('div', 'tn-meta');
  if (header.speakers.length) {
    const speakers = element('span', 'tn-speakers');
    for (const name of header.speakers) speakers.append(element('span', 'tn-speaker', name));
    meta.append(speakers);
  }
  if (header.track) meta.append(element('span', 'tn-track', header.track));
  const status = element('button', `tn-status tn-status-${header.status}`, label(`status.${header.status}`));
  status.type = 'button';
  status.dataset.command = 'setStatus';
  status.title = label('setStatus');
  if (!header.editable) disable(status, label('readOnly'));
  meta.append(status);
  main.append(meta);

  const actions = element('div', 'tn-actions');
  actions.setAttribute('role', 'toolbar');
  actions.append(
    commandButton('openSlides', label('slides'), header.has.slides, label('noSlides')),
    commandButton('openVideo', label('video'), header.has.video, label('noVideo')),
    commandButton('openArticle', label('article'), header.has.article, label('noArticle')),
    commandButton('addPersonalNote', label('addNote'), header.editable, label('readOnly')),
  );

  headerEl.replaceChildren(main, actions);
  if (banner) {
    const note = element('p', 'tn-banner', banner);
    note.setAttribute('role', 'alert');
    headerEl.append(note);
  }
}

headerEl.addEventListener('click', event => {
  const button = event.target instanceof Element ? event.target.closest('button[data-command]') : null;
  if (!(button instanceof HTMLButtonElement) || button.getAttribute('aria-disabled') === 'true') return;
  const command = button.dataset.command as NotesCommand;
  post({ type: 'command', command });
});

// ---- body -----------------------------------------------------------------------------------

function imagePlaceholder(alt: string, original: string, reason: string): HTMLElement {
  const box = element('span', 'tn-image-placeholder tn-image-failed');
  box.dataset.srcOriginal = original;
  box.title = original;
  box.append(element('span', 'tn-image-alt', alt), element('span', 'tn-image-reason', reason));
  return box;
}

/** The renderer marks images the extension refused; only the webview knows the label for it. */
function labelPlaceholders(): void {
  bodyEl.querySelectorAll<HTMLElement>('.tn-image-placeholder').forEach(box => {
    if (box.querySelector('.tn-image-reason')) return;
    box.title = box.dataset.srcOriginal ?? '';
    box.append(element('span', 'tn-image-reason', label('imageUnavailable')));
  });
}

function render(message: RenderMessage): void {
  let ratio: number | null = null;
  if (restored && restored.talkId === message.talkId) ratio = restored.scroll;
  else if (message.keepScroll && message.talkId === talkId) ratio = scrollRatio();
  restored = null;

  talkId = message.talkId;
  document.title = message.title;
  renderHeader(message.header, message.banner);
  // The one place HTML is parsed: the extension's renderer output, made with raw HTML disabled.
  bodyEl.innerHTML = message.html;
  if (!bodyEl.firstElementChild) bodyEl.replaceChildren(element('p', 'tn-empty', label('empty')));
  labelPlaceholders();

  scrollToRatio(ratio ?? 0);
  // Images above the reader load or fail after this and change the height; follow them for a
  // moment so the reader stays put, unless they start scrolling themselves.
  settle = ratio ? { ratio, until: performance.now() + SETTLE_MS } : null;
  if (settle) requestAnimationFrame(resettle);
  saveState();
}

function showUnavailable(text: string): void {
  settle = null;
  headerEl.replaceChildren();
  bodyEl.replaceChildren(element('p', 'tn-unavailable', text));
  scrollToRatio(0);
}

function findAnchor(id: string): Element | null {
  const lookup = (name: string) => (name ? bodyEl.querySelector(`#${CSS.escape(name)}`) : null);
  let found = lookup(id);
  if (!found) {
    try {
      found = lookup(decodeURIComponent(id));
    } catch {
      /* not percent-encoded */
    }
  }
  return found;
}

/**
 * The body line at the top of the view: the block crossing the top edge, plus how far into it the
 * edge is (blocks come in source order), so an editor can follow smoothly. 0 at the very top.
 */
function topLine(): number {
  if (scroller().scrollTop <= 0) return 0;
  const blocks = bodyEl.querySelectorAll('[data-line]');
  let line = 0;
  for (let i = 0; i < blocks.length; i++) {
    const box = blocks[i].getBoundingClientRect();
    if (box.top > 0) break;
    const start = Number(blocks[i].getAttribute('data-line'));
    const next = blocks[i + 1];
    const nextTop = next ? next.getBoundingClientRect().top : box.bottom;
    const nextLine = next ? Number(next.getAttribute('data-line')) : start + 1;
    const into = nextTop > box.top ? Math.min(1, -box.top / (nextTop - box.top)) : 0;
    line = Math.max(line, Math.floor(start + into * Math.max(0, nextLine - start)));
  }
  return line;
}

/** The last block starting at or before the line; blocks come in source order. */
function scrollToLine(line: number): void {
  const blocks = bodyEl.querySelectorAll('[data-line]');
  let target: Element | null = null;
  for (let i = 0; i < blocks.length; i++) {
    if (Number(blocks[i].getAttribute('data-line')) > line) break;
    target = blocks[i];
  }
  // The first block sits under the header; showing the header with it is the natural "top".
  if (target && target !== blocks[0]) {
    scrollToElement(target, true);
  } else {
    settle = null;
    scrollToRatio(0);
  }
}

// Every link is intercepted: the webview must never navigate, and only the extension may decide
// whether a target opens (http(s) in the browser, PDFs at a page, other notes in the editor).
function onLinkActivated(event: MouseEvent): void {
  const link = event.target instanceof Element ? event.target.closest('a') : null;
  if (!link) return;
  event.preventDefault();
  if (event.type === 'auxclick' && event.button !== 1) return;
  const href = link.getAttribute('data-href') ?? link.getAttribute('href') ?? '';
  // `#slide=N` looks like an anchor but means "page N of this talk's slides": the extension opens it.
  if (href.startsWith('#') && parseShortSlideLink(href) === null) {
    const target = findAnchor(href.slice(1));
    if (target) scrollToElement(target, false);
    return;
  }
  if (href) post({ type: 'openLink', href });
}

document.addEventListener('click', onLinkActivated, true);
document.addEventListener('auxclick', onLinkActivated, true);

// `error` does not bubble; capturing on the document catches every image, including remote ones
// that fail because the machine is offline.
document.addEventListener(
  'error',
  event => {
    const img = event.target;
    if (!(img instanceof HTMLImageElement) || !bodyEl.contains(img)) return;
    const original = img.getAttribute('data-src-original') ?? img.getAttribute('src') ?? '';
    img.replaceWith(imagePlaceholder(img.alt || original, original, label('imageFailed')));
    post({ type: 'imageFailed', src: original });
    resettle();
  },
  true,
);

document.addEventListener(
  'load',
  event => {
    if (event.target instanceof HTMLImageElement) resettle();
  },
  true,
);

window.addEventListener('scroll', () => {
  if (scrollFrame) return;
  scrollFrame = requestAnimationFrame(() => {
    scrollFrame = 0;
    saveState();
    if (performance.now() < programmaticUntil) return;
    settle = null;
    clearTimeout(reportTimer);
    reportTimer = setTimeout(() => post({ type: 'scrolled', line: topLine() }), SCROLL_REPORT_MS);
  });
});

window.addEventListener('message', event => {
  const message: unknown = event.data;
  if (!isHostToNotesView(message)) return;
  switch (message.type) {
    case 'render':
      render(message);
      return;
    case 'unavailable':
      showUnavailable(message.message);
      return;
    case 'scrollTo':
      scrollToLine(message.line);
      return;
    default:
      assertNever(message, 'message from the extension');
  }
});

post({ type: 'ready' });
