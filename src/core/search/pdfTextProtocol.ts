// Messages between the slide-text extractor (slideText.ts) and its worker thread (pdfTextWorker.ts).

/** Why a PDF gave no text. */
export type PdfFailure = 'password' | 'damaged' | 'unreadable' | 'tooLarge' | 'timeout' | 'engine';

export interface WorkerSetup {
  /** Folder of pdf.js's packed CMaps, ending in a separator. */
  cmaps: string;
  /** Folder of pdf.js's standard font data, ending in a separator. */
  standardFonts: string;
}

export type ToWorker = { type: 'extract'; id: number; file: string };

export type FromWorker =
  | { type: 'page'; id: number; page: number; pageCount: number }
  | { type: 'done'; id: number; pages: string[] }
  | { type: 'failed'; id: number; reason: PdfFailure; message: string }
  | { type: 'log'; message: string };
