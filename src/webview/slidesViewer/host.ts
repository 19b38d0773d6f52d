// The extension's side of the page: VS Code's webview API, the messages the viewer posts, and the
// state VS Code keeps for the viewer across reloads (`setState`).
import { isPdfWebviewState, type PdfWebviewState, type SlidesViewerToHost } from '../../shared/slidesViewerProtocol';
import type { ViewerState } from './state';

interface VsCodeApi {
  postMessage(message: SlidesViewerToHost): void;
  getState(): unknown;
  setState(state: PdfWebviewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const STATE_REPORT_MS = 250;

export class Host {
  private readonly api = acquireVsCodeApi();
  /** What VS Code handed back after a window reload or a hidden tab shown again, if anything. */
  readonly restored: PdfWebviewState | null;
  private stateTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly state: ViewerState) {
    const saved = this.api.getState();
    this.restored = isPdfWebviewState(saved) ? saved : null;
  }

  post(message: SlidesViewerToHost): void {
    this.api.postMessage(message);
  }

  /** Remembers page, zoom and sidebar at once; tells the extension after the reader pauses. */
  reportViewState(): void {
    const s = this.state;
    if (!s.pages.length) return;
    this.api.setState({ page: s.current, zoom: s.zoom, sidebar: s.sidebarOpen });
    clearTimeout(this.stateTimer);
    this.stateTimer = setTimeout(() => {
      this.stateTimer = undefined;
      this.post({ type: 'viewState', page: s.current, zoom: s.zoom });
    }, STATE_REPORT_MS);
  }
}
