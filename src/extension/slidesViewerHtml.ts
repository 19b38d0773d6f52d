// The slides viewer's HTML shell. The viewer runs pdf.js on files downloaded from the internet, so
// the page is locked down: one nonce-bound script of ours, our stylesheet, the pdf.js worker and
// its data files from media/build, nothing remote, nothing inline, nothing evaluated.
import type * as vscode from 'vscode';
import { escapeHtml, mediaUri, webviewPage } from './webviewHtml';
import { MAX_QUERY, type PdfLabelKey, type PdfLabels } from '../shared/slidesViewerProtocol';

export interface SlidesViewerPageOptions {
  /** The PDF's file name, for the tab's document title and the loading message. */
  title: string;
  lang: string;
  labels: PdfLabels;
}

/**
 * Each source is the narrowest that works:
 * - script-src: only our bundle, by nonce. The fake-worker fallback imports the worker from a Blob
 *   URL created by that script; Chromium hands the importing script's nonce to dynamic imports.
 * - style-src: our stylesheet. pdf.js positions text through the CSSOM, which CSP does not govern.
 * - img-src: pdf.js may draw through blob:/data: images; nothing outside media/ and no network.
 * - worker-src blob: the worker is our own file from media/build, fetched and started from a Blob
 *   URL, because a worker from a webview resource URL is cross-origin and refused.
 * - connect-src: that fetch, and the CMaps and standard fonts pdf.js fetches from media/build.
 * - font-src: pdf.js hands fonts to FontFace as bytes (no fetch); only our own files otherwise.
 */
export function slidesViewerCsp(cspSource: string, nonce: string): string[] {
  return [
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} blob: data:`,
    `worker-src blob:`,
    `connect-src ${cspSource}`,
    `font-src ${cspSource}`,
  ];
}

export function slidesViewerHtml(webview: vscode.Webview, extensionUri: vscode.Uri, opts: SlidesViewerPageOptions): string {
  const media = (...parts: string[]) => mediaUri(webview, extensionUri, ...parts);
  const l = (key: PdfLabelKey) => escapeHtml(opts.labels[key]);
  const button = (id: string, key: PdfLabelKey, svg: string, extra = '') =>
    `<button type="button" id="${id}" class="tn-button" title="${l(key)}" aria-label="${l(key)}"${extra}>${svg}</button>`;
  return webviewPage(webview, extensionUri, {
    title: opts.title,
    lang: opts.lang,
    csp: nonce => slidesViewerCsp(webview.cspSource, nonce),
    stylesheet: 'slidesViewer.css',
    script: ['build', 'slidesViewer.js'],
    bodyAttributes: `data-state="loading"
  data-worker="${escapeHtml(media('build', 'pdfjs', 'pdf.worker.mjs'))}"
  data-cmaps="${escapeHtml(media('build', 'pdfjs', 'cmaps') + '/')}"
  data-fonts="${escapeHtml(media('build', 'pdfjs', 'standard_fonts') + '/')}"
  data-file="${escapeHtml(opts.title)}"
  data-labels="${escapeHtml(JSON.stringify(opts.labels))}"`,
    body: `<div id="toolbar" class="tn-toolbar" role="toolbar" aria-label="${l('toolbar')}">
  ${button('sidebarToggle', 'outline', ICONS.outline, ' aria-pressed="false" disabled')}
  <span class="tn-sep"></span>
  ${button('prevPage', 'previousPage', ICONS.up)}
  <input id="pageNumber" class="tn-page-input" type="text" inputmode="numeric" value="1" size="3" title="${l('pageNumber')}" aria-label="${l('pageNumber')}">
  <span id="pageCount" class="tn-count">/ –</span>
  ${button('nextPage', 'nextPage', ICONS.down)}
  <span class="tn-sep"></span>
  ${button('zoomOut', 'zoomOut', ICONS.minus)}
  <select id="zoomSelect" class="tn-zoom" title="${l('zoom')}" aria-label="${l('zoom')}">
    <option value="fitWidth">${l('fitWidth')}</option>
    <option value="fitPage">${l('fitPage')}</option>
    <option value="custom" id="zoomCustom" hidden></option>
    ${[50, 75, 100, 125, 150, 200, 300, 400].map(p => `<option value="${p}">${p}%</option>`).join('')}
  </select>
  ${button('zoomIn', 'zoomIn', ICONS.plus)}
  <span class="tn-sep"></span>
  <input id="findInput" class="tn-find" type="search" maxlength="${MAX_QUERY}" placeholder="${l('find')}" title="${l('find')}" aria-label="${l('find')}">
  <span id="findResult" class="tn-count" aria-live="polite"></span>
  ${button('findPrev', 'findPrevious', ICONS.up)}
  ${button('findNext', 'findNext', ICONS.down)}
  ${button('searchAllTalks', 'searchAllTalks', ICONS.searchAll)}
  <span class="tn-spacer"></span>
  ${button('darkPages', 'darkPages', ICONS.contrast, ' aria-pressed="true"')}
  ${button('quoteInNotes', 'quoteInNotes', ICONS.quote)}
  ${button('insertSlideReference', 'insertSlideReference', ICONS.bookmark)}
  ${button('insertVideoTimestamp', 'insertVideoTimestamp', ICONS.clock)}
</div>
<div id="main" class="tn-main">
  <nav id="sidebar" class="tn-sidebar" aria-label="${l('outline')}" hidden></nav>
  <div id="viewer" class="tn-viewer" tabindex="0"><div id="pages" class="tn-pages" data-vscode-context='{"webviewSection":"pages"}'></div></div>
  <div id="status" class="tn-status" role="status">
    <h2 id="statusTitle" class="tn-status-title">${escapeHtml(opts.labels.loading.replace('{0}', opts.title))}</h2>
    <p id="statusText" class="tn-status-text"></p>
    <p id="statusHint" class="tn-status-hint"></p>
    <p id="statusDetail" class="tn-status-detail"></p>
  </div>
</div>`,
  });
}

/** 16×16 line icons drawn with the theme's foreground colour (no icon font to load). */
const svg = (body: string) =>
  `<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;
const ICONS = {
  outline: svg('<path d="M2.5 3.5h11M5.5 8h8M5.5 12.5h8M2.5 8h.01M2.5 12.5h.01"/>'),
  up: svg('<path d="M3.5 10.5 8 6l4.5 4.5"/>'),
  down: svg('<path d="M3.5 5.5 8 10l4.5-4.5"/>'),
  minus: svg('<path d="M3.5 8h9"/>'),
  plus: svg('<path d="M3.5 8h9M8 3.5v9"/>'),
  contrast: svg('<circle cx="8" cy="8" r="5.5"/><path d="M8 2.5a5.5 5.5 0 0 0 0 11z" fill="currentColor"/>'),
  bookmark: svg('<path d="M4.5 2.5h7v11L8 11l-3.5 2.5z"/>'),
  searchAll: svg('<circle cx="6.5" cy="6.5" r="3.5"/><path d="m9 9 3.5 3.5M1.5 12.5h4M1.5 14.5h8"/>'),
  quote: svg(
    '<path d="M3 11.5c0-3 1-5 3.5-6.5M9 11.5c0-3 1-5 3.5-6.5"/><circle cx="4.5" cy="10.5" r="1.5"/><circle cx="10.5" cy="10.5" r="1.5"/>',
  ),
  clock: svg('<circle cx="8" cy="8" r="5.5"/><path d="M8 5v3l2 1.5"/>'),
};
