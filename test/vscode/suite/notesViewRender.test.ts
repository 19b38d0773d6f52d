// The notes view's renderer in the real extension host: a hostile note keeps only the renderer's
// worker busy, and a render that runs away is stopped without taking the renderer down.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { NoteRenderer, RenderTimeoutError } from '../../../src/extension/noteRenderer';
import { allTalks, api, closeAllEditors, root, talkByTitle, waitFor, writeText } from './helpers';

// dist/test/vscode/suite -> dist/renderWorker.js
const WORKER = path.resolve(__dirname, '..', '..', '..', 'renderWorker.js');

/** 600,000 characters of brackets: seconds of markdown-it, beyond the size cap. */
const HOSTILE = '['.repeat(300_000) + ']'.repeat(300_000);

suite('Talk Notes: notes view rendering', () => {
  test('a hostile note at the size cap is shown without blocking the extension host', async () => {
    const a = await api();
    const file = vscode.Uri.joinPath(root(), '核心技术', '98-hostile.md');
    await writeText(file, `---\ntitle: Hostile brackets\n---\n${HOSTILE}\n`);
    try {
      await waitFor(() => allTalks(a).some(t => t.title === 'Hostile brackets'), 'the hostile note in the tree');
      const talk = talkByTitle(a, 'Hostile brackets');
      // How long rendering what the view shows takes here, for the bound below.
      const probe = new NoteRenderer(WORKER);
      let renderMs: number;
      try {
        await probe.render('warm up', root().fsPath, root().fsPath);
        const t0 = performance.now();
        await probe.render(HOSTILE.slice(0, 500_000), root().fsPath, root().fsPath);
        renderMs = performance.now() - t0;
      } finally {
        probe.dispose();
      }
      let lastTick = performance.now();
      let longestGap = 0;
      const ticker = setInterval(() => {
        const now = performance.now();
        longestGap = Math.max(longestGap, now - lastTick);
        lastTick = now;
      }, 5);
      try {
        await vscode.commands.executeCommand('talkNotes.showNotes', talk.id);
        assert.ok(await a.notesViewRendered(talk.id), 'a notes view was opened');
        // Long enough for the page to load and report ready, whatever that starts.
        await new Promise(resolve => setTimeout(resolve, 3000));
        await a.notesViewRendered(talk.id);
      } finally {
        clearInterval(ticker);
      }
      // Relative to the render itself: rendered in the extension host, the note blocks it that long.
      assert.ok(
        longestGap < renderMs / 2,
        `the extension host stalled ${longestGap.toFixed(0)} ms; the render takes ${renderMs.toFixed(0)} ms`,
      );
    } finally {
      await closeAllEditors();
      await vscode.workspace.fs.delete(file);
    }
  });

  test('a render that runs away is stopped; the renderer starts again for the next note', async () => {
    // Far longer than the limit (several seconds of brackets), while a fresh worker renders a small
    // note well within it.
    const renderer = new NoteRenderer(WORKER, 3000);
    try {
      const notes = path.join(root().fsPath, '核心技术');
      const [hostile, small] = await Promise.allSettled([
        renderer.render(HOSTILE.repeat(10), notes, root().fsPath),
        renderer.render('**fine**', notes, root().fsPath),
      ]);
      assert.ok(
        hostile.status === 'rejected' && hostile.reason instanceof RenderTimeoutError,
        `the hostile note timed out: ${hostile.status}`,
      );
      assert.ok(
        small.status === 'fulfilled' && small.value.html.includes('<strong>fine</strong>'),
        `the note queued behind it was rendered: ${small.status === 'rejected' ? small.reason : small.status}`,
      );
      const next = await renderer.render('# again', notes, root().fsPath);
      assert.match(next.html, /<h1[^>]*>again<\/h1>/);
    } finally {
      renderer.dispose();
    }
  });
});
