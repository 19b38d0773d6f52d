// The notes webview's HTML shell. Its content comes from other people's notes, so the page is
// locked down: one nonce-bound script of ours, our stylesheet, images from the notes folder or
// https, nothing inline and nothing evaluated.
import type * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

/** 128 bits from the OS CSPRNG, base64 (valid CSP nonce syntax); a new one for every page. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/** For text and double-quoted attributes; single quotes stay readable in the CSP. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, c => `&#${c.charCodeAt(0)};`);
}

/** A BCP 47 tag as VS Code reports it (`zh-cn`, `en`); anything else falls back to `en`. */
function languageTag(lang: string): string {
  return /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/.test(lang) ? lang : 'en';
}

export function notesPageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, opts: { title: string; lang: string }): string {
  const nonce = makeNonce();
  const media = (...parts: string[]) => webview.asWebviewUri(joinPath(extensionUri, 'media', ...parts)).toString();
  const csp = [
    `default-src 'none'`,
    `img-src ${webview.cspSource} https: data:`,
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(languageTag(opts.lang))}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)};">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(media('notesView.css'))}">
<title>${escapeHtml(opts.title)}</title>
</head>
<body>
<header id="tn-header" class="tn-header"></header>
<main id="tn-body" class="tn-body"></main>
<script nonce="${nonce}" src="${escapeHtml(media('build', 'notesView.js'))}"></script>
</body>
</html>
`;
}

/**
 * `vscode.Uri.joinPath` without a runtime import of `vscode`, so this module stays loadable (and
 * testable) outside the extension host. `Uri.with` keeps scheme and authority, as joinPath does.
 */
function joinPath(base: vscode.Uri, ...parts: string[]): vscode.Uri {
  return base.with({ path: `${base.path.replace(/\/+$/, '')}/${parts.join('/')}` });
}
