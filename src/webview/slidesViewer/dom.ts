// The viewer's page as its modules see it: the elements of the HTML shell
// (src/extension/slidesViewerHtml.ts) and the localized texts the extension put into it.
import { ENGLISH_PDF_LABELS, PDF_LABEL_KEYS, type PdfLabels } from '../../shared/slidesViewerProtocol';

export type Elements = ReturnType<typeof findElements>;

export function findElements() {
  return {
    body: document.body,
    viewer: byId('viewer'),
    pages: byId('pages'),
    sidebar: byId('sidebar'),
    sidebarToggle: byId<HTMLButtonElement>('sidebarToggle'),
    prevPage: byId<HTMLButtonElement>('prevPage'),
    nextPage: byId<HTMLButtonElement>('nextPage'),
    pageNumber: byId<HTMLInputElement>('pageNumber'),
    pageCount: byId('pageCount'),
    zoomIn: byId<HTMLButtonElement>('zoomIn'),
    zoomOut: byId<HTMLButtonElement>('zoomOut'),
    zoomSelect: byId<HTMLSelectElement>('zoomSelect'),
    zoomCustom: byId<HTMLOptionElement>('zoomCustom'),
    findInput: byId<HTMLInputElement>('findInput'),
    findResult: byId('findResult'),
    findPrev: byId<HTMLButtonElement>('findPrev'),
    findNext: byId<HTMLButtonElement>('findNext'),
    searchAllTalks: byId<HTMLButtonElement>('searchAllTalks'),
    darkPages: byId<HTMLButtonElement>('darkPages'),
    insertSlideReference: byId<HTMLButtonElement>('insertSlideReference'),
    insertVideoTimestamp: byId<HTMLButtonElement>('insertVideoTimestamp'),
    quoteInNotes: byId<HTMLButtonElement>('quoteInNotes'),
    status: byId('status'),
    statusTitle: byId('statusTitle'),
    statusText: byId('statusText'),
    statusHint: byId('statusHint'),
    statusDetail: byId('statusDetail'),
  };
}

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the viewer's HTML lacks #${id}`);
  return found as T;
}

/** The texts the extension localized into `data-labels`; English for any it did not send. */
export function readLabels(body: HTMLElement): PdfLabels {
  const out = { ...ENGLISH_PDF_LABELS };
  try {
    const given = JSON.parse(body.dataset.labels ?? '{}') as Record<string, unknown>;
    for (const key of PDF_LABEL_KEYS) {
      if (typeof given[key] === 'string' && given[key]) out[key] = given[key];
    }
  } catch {
    /* English it is */
  }
  return out;
}

/** `{0}`-style placeholders, as vscode.l10n writes them. */
export function format(text: string, ...args: (string | number)[]): string {
  return text.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}
