// Every webview page of Talk Notes is built here, on one locked-down shell: a strict Content
// Security Policy with a fresh nonce, one nonce-bound script of ours from media/, our stylesheet,
// nothing inline and nothing evaluated. The pages show other people's notes and PDFs.
import type * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { NotesViewLabels } from '../shared/notesViewProtocol';

/** 128 bits from the OS CSPRNG, base64 (valid CSP nonce syntax); a new one for every page. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/** For text and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}

/** A BCP 47 tag as VS Code reports it (`zh-cn`, `en`); anything else falls back to `en`. */
function languageTag(lang: string): string {
  return /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/.test(lang) ? lang : 'en';
}

/**
 * `vscode.Uri.joinPath` without a runtime import of `vscode`, so this module stays loadable (and
 * testable) outside the extension host. `Uri.with` keeps scheme and authority, as joinPath does.
 */
function joinPath(base: vscode.Uri, ...parts: string[]): vscode.Uri {
  return base.with({ path: `${base.path.replace(/(?<!\/)\/+$/, '')}/${parts.join('/')}` });
}

/** A file under the extension's media/ as the webview may load it. */
export function mediaUri(webview: vscode.Webview, extensionUri: vscode.Uri, ...parts: string[]): string {
  return webview.asWebviewUri(joinPath(extensionUri, 'media', ...parts)).toString();
}

export interface PageOptions {
  title: string;
  lang: string;
  /** The policy for this page, given the page's nonce; `default-src 'none'` is always first. */
  csp(nonce: string): string[];
  /** Stylesheet and script, relative to media/. */
  stylesheet: string;
  script: string[];
  /** Attributes of <body>, already escaped. */
  bodyAttributes?: string;
  /** The page's static markup, already escaped. */
  body: string;
}

export function webviewPage(webview: vscode.Webview, extensionUri: vscode.Uri, opts: PageOptions): string {
  const nonce = makeNonce();
  const csp = [`default-src 'none'`, ...opts.csp(nonce)].join('; ');
  const media = (...parts: string[]) => escapeHtml(mediaUri(webview, extensionUri, ...parts));
  return `<!DOCTYPE html>
<html lang="${escapeHtml(languageTag(opts.lang))}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media(opts.stylesheet)}">
<title>${escapeHtml(opts.title)}</title>
</head>
<body${opts.bodyAttributes ? ` ${opts.bodyAttributes}` : ''}>
${opts.body}
<script nonce="${nonce}" src="${media(...opts.script)}"></script>
</body>
</html>
`;
}

/**
 * The notes view: images from the notes folder (webview resources) or https, nothing else remote.
 * Its texts travel in the page (`data-labels`), so the first paint is already localized.
 */
export function notesViewHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  opts: { title: string; lang: string; labels: NotesViewLabels },
): string {
  return webviewPage(webview, extensionUri, {
    title: opts.title,
    lang: opts.lang,
    bodyAttributes: `data-labels="${escapeHtml(JSON.stringify(opts.labels))}"`,
    csp: nonce => [
      `img-src ${webview.cspSource} https: data:`,
      `style-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
      `font-src ${webview.cspSource}`,
    ],
    stylesheet: 'notesView.css',
    script: ['build', 'notesView.js'],
    body: `<header id="tn-header" class="tn-header"></header>
<main id="tn-body" class="tn-body"></main>`,
  });
}
