// The study loop in a real VS Code: Continue Studying reopens the talk studied last (notes view,
// slides at the page the viewer left, the video offered at the last moment of the notes), the
// status-bar item names the talk in front, and opening slides or video moves a talk from to watch
// to watching unless the setting says no.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TalkNotesApi } from '../../../src/extension/extension';
import type { ContinueResult } from '../../../src/extension/study';
import { WALKTHROUGH_STEPS, walkthroughKey } from '../../../src/extension/walkthrough';
import { makeDeck } from '../../fixtures/pdfs';
import { api, capturingMessages, capturingOpenExternal, closeAllEditors, sleep, TempTrack, waitFor, waitForFile } from './helpers';

const FOLDER = 'zz-study';
const VIDEO = 'https://www.bilibili.com/video/BV1study';

function note(title: string, speaker: string, status: string, body = ''): string {
  return [
    '---',
    `title: ${title}`,
    `speakers: [${speaker}]`,
    `slides: ${FOLDER}/deck.pdf`,
    `video: ${VIDEO}`,
    `status: ${status}`,
    '---',
    '',
    body,
  ].join('\n');
}

async function setMarkWatching(value: boolean | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('talkNotes').update('markWatchingOnOpen', value, vscode.ConfigurationTarget.Workspace);
}

suite('Talk Notes: continue studying', () => {
  let a: TalkNotesApi;
  let track: TempTrack;
  let deck: vscode.Uri;

  suiteSetup(async () => {
    a = await api();
    track = new TempTrack(FOLDER);
    deck = track.file('deck.pdf');
    await vscode.workspace.fs.writeFile(deck, await makeDeck({ pages: 5, title: 'Study deck' }));
  });

  suiteTeardown(async () => {
    await closeAllEditors();
    await setMarkWatching(false);
    await track.dispose(a);
  });

  setup(() => closeAllEditors());

  test('Continue Studying reopens the notes view, the slides at the remembered page, and offers the video at the last moment', async () => {
    await setMarkWatching(true);
    const body = [
      `- [▶ 1:00](${VIDEO}?p=2&t=60) the start`,
      `- [p.3](#slide=3) [▶ 12:34](${VIDEO}?p=2&t=754) where I stopped`,
      `- [article](https://example.com/a) no time`,
      '',
    ].join('\n');
    const { talk } = await track.note(a, '01-resume.md', note('Resume Me', '梅源', 'watching', body));
    await vscode.commands.executeCommand('talkNotes.openSlides', talk.id, 3);
    await a.slidesViewer.waitFor(deck, s => s.state === 'loaded' && s.page === 3);
    await waitFor(() => a.slidesViewer.remembered(deck)?.page === 3, 'page 3 remembered');
    // Something else in front, then everything closed: only the remembered pointer is left.
    await vscode.commands.executeCommand('talkNotes.showNotes', talk.id);
    await closeAllEditors();
    assert.equal(a.slidesViewer.status(deck), undefined, 'viewer closed');

    const { result, messages } = await capturingMessages(() =>
      vscode.commands.executeCommand<ContinueResult>('talkNotes.continueStudying'),
    );
    assert.equal(result?.talkId, talk.id);
    assert.equal(result?.slides, 'opened');
    assert.equal(result?.video, `${VIDEO}?p=2&t=754`, 'the last moment of the notes, its p part kept');
    assert.equal(result?.seconds, 754);
    assert.ok(
      messages.some(m => m.text.includes('12:34') && m.text.includes('Resume Me')),
      `the video is offered at 12:34: ${JSON.stringify(messages)}`,
    );
    await waitFor(() => a.notesView(talk.id), 'the notes view of the talk');
    const viewer = await a.slidesViewer.waitFor(deck, s => s.state === 'loaded' && s.renderedPages.length > 0);
    assert.equal(viewer.page, 3, 'the slides reopen at the page the viewer left');
    assert.match(a.studyStatus().text, /梅源 · \d+\/\d+$/);
    assert.equal(a.studyStatus().talkId, talk.id);
  });

  test('from the notes view, the slides open beside it, and a second Open Slides reuses that viewer', async () => {
    const { talk } = await track.note(a, '06-beside.md', note('Beside Talk', 'Eve', 'watching'));
    await vscode.commands.executeCommand('talkNotes.showNotes', talk.id);
    await waitFor(() => a.notesView(talk.id), 'the notes view');
    await vscode.commands.executeCommand('talkNotes.openSlides', talk.id, 2);
    await a.slidesViewer.waitFor(deck, s => s.state === 'loaded' && s.page === 2);
    const columns = () => {
      const tabs = vscode.window.tabGroups.all.flatMap(g => g.tabs.map(t => ({ t, column: g.viewColumn })));
      return {
        notes: tabs.filter(x => x.t.input instanceof vscode.TabInputWebview && x.t.label === 'Beside Talk').map(x => x.column),
        viewers: tabs.filter(x => x.t.input instanceof vscode.TabInputCustom && x.t.input.viewType === 'talkNotes.pdf').map(x => x.column),
      };
    };
    assert.equal(columns().notes.length, 1);
    assert.equal(columns().viewers.length, 1);
    assert.notEqual(columns().viewers[0], columns().notes[0], 'the viewer is not on top of the notes view');
    await vscode.commands.executeCommand('talkNotes.showNotes', talk.id);
    await vscode.commands.executeCommand('talkNotes.openSlides', talk.id, 4);
    await a.slidesViewer.waitFor(deck, s => s.page === 4);
    assert.equal(columns().viewers.length, 1, 'the open viewer is reused');
  });

  test('each walkthrough step completes on the context key the extension sets when the user does what it says', async () => {
    const manifest = vscode.extensions.getExtension('talk-notes.talk-notes')?.packageJSON as {
      contributes: { walkthroughs: { steps: { id: string; completionEvents: string[] }[] }[] };
    };
    const steps = manifest.contributes.walkthroughs[0].steps;
    for (const step of WALKTHROUGH_STEPS) {
      const events = steps.find(s => s.id === step)?.completionEvents ?? [];
      assert.ok(events.includes(`onContext:${walkthroughKey(step)}`), `step ${step}: ${JSON.stringify(events)}`);
    }
    // Everything done the way a notes view's buttons do it: commands run inside the extension host.
    const { talk } = await track.note(a, '07-walk.md', note('Walk Talk', 'Grace', 'watching'));
    await vscode.commands.executeCommand('talkNotes.talks.focus');
    await vscode.commands.executeCommand('talkNotes.showNotes', talk.id);
    await vscode.commands.executeCommand('talkNotes.openSlides', talk.id);
    await a.slidesViewer.waitFor(deck, s => s.state === 'loaded');
    await vscode.commands.executeCommand('talkNotes.addPersonalNote', talk.id);
    await capturingMessages(() => vscode.commands.executeCommand('talkNotes.continueStudying'));
    assert.deepEqual(a.walkthroughSteps(), [...WALKTHROUGH_STEPS]);
  });

  test('the status-bar item names the talk whose notes view is in front, with the conference progress', async () => {
    const { talk } = await track.note(a, '02-front.md', note('Front Talk', 'Ada Lovelace', 'done'));
    await vscode.commands.executeCommand('talkNotes.showNotes', talk.id);
    await waitFor(() => a.studyStatus().talkId === talk.id, 'the status bar to follow the notes view');
    const talks = a.workspace()?.tracks.flatMap(t => t.talks) ?? [];
    const done = talks.filter(t => t.status === 'done').length;
    assert.equal(a.studyStatus().text, `$(play) Ada Lovelace · ${done}/${talks.length}`);
    assert.match(a.studyStatus().tooltip, /Front Talk/);
  });

  test('opening the slides or the video of a talk to watch sets it to watching', async () => {
    await setMarkWatching(true);
    const slides = await track.note(a, '03-slides.md', note('Slides Todo', 'Bo', 'todo'));
    await vscode.commands.executeCommand('talkNotes.openSlides', slides.talk.id);
    await waitForFile(slides.uri, t => t.includes('status: watching'), 'status: watching after Open Slides');
    await waitFor(
      () =>
        a
          .workspace()
          ?.tracks.flatMap(t => t.talks)
          .find(t => t.id === slides.talk.id)?.status === 'watching',
      'the index to follow',
    );

    const video = await track.note(a, '04-video.md', note('Video Todo', 'Cy', 'todo'));
    const opened = await capturingOpenExternal(() => vscode.commands.executeCommand('talkNotes.openVideo', video.talk.id));
    assert.deepEqual(opened, [VIDEO]);
    await waitForFile(video.uri, t => t.includes('status: watching'), 'status: watching after Open Video');
  });

  test('with talkNotes.markWatchingOnOpen off, opening slides and video leaves the status alone', async () => {
    await setMarkWatching(false);
    const { uri, talk } = await track.note(a, '05-off.md', note('Stays Todo', 'Di', 'todo'));
    await vscode.commands.executeCommand('talkNotes.openSlides', talk.id);
    await a.slidesViewer.waitFor(deck, s => s.state === 'loaded');
    await capturingOpenExternal(() => vscode.commands.executeCommand('talkNotes.openVideo', talk.id));
    await sleep(1000);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    assert.match(text, /status: todo/);
  });
});
