// Every command that writes into a note, against the situations where a careless edit destroys
// text: unsaved changes, a file changed on disk behind VS Code's back, a deleted file, no front
// matter, CRLF, a BOM, bytes that are not UTF-8, and a symbolic link out of the notes folder.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Talk } from '../../../src/core/model';
import {
  bytesOnDisk,
  capturingMessages,
  openDocument,
  root,
  sleep,
  typeAtEnd,
  useTempNotes,
  waitFor,
  waitForFile,
  waitForTalk,
  writeBehindVsCode,
  type ShownMessage,
} from './helpers';

const TRACK = 'zz-note-edits';
const VIDEO = 'https://www.bilibili.com/video/BV1edits?p=2';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** "中文笔记" in GBK: not valid UTF-8. */
const GBK_BODY = Buffer.from([0xd6, 0xd0, 0xce, 0xc4, 0xb1, 0xca, 0xbc, 0xc7]);

interface EditCommand {
  name: string;
  /** Front matter lines the note needs for the command to have something to do. */
  needs(stem: string): string[];
  run(ctx: { talk: Talk; uri: vscode.Uri; stem: string }): Thenable<unknown>;
  /** What the edit leaves in the note. */
  mark: RegExp;
  /** Whether the command saves a note that had no unsaved changes (Add Personal Note never does: the user is typing). */
  saves: boolean;
}

const pdf = (stem: string) => vscode.Uri.joinPath(root(), TRACK, `${stem}.pdf`);

const COMMANDS: EditCommand[] = [
  {
    name: 'Set Status',
    needs: () => [],
    run: ({ talk }) => vscode.commands.executeCommand('talkNotes.setStatus', talk.id, 'done'),
    mark: /^status: done\r?$/m,
    saves: true,
  },
  {
    name: 'Add Personal Note',
    needs: () => [],
    run: ({ talk }) => vscode.commands.executeCommand('talkNotes.addPersonalNote', talk.id),
    mark: /^### \d{4}-\d\d-\d\d \d\d:\d\d\r?$/m,
    saves: false,
  },
  {
    name: 'Insert Slide Reference',
    needs: stem => [`slides: ${TRACK}/${stem}.pdf`],
    run: ({ stem }) => vscode.commands.executeCommand('talkNotes.insertSlideReference', pdf(stem), 2),
    mark: /\]\([^)]*\.pdf#page=2\)/,
    saves: true,
  },
  {
    name: 'Insert Video Timestamp',
    needs: () => [`video: ${VIDEO}`],
    run: ({ talk }) => vscode.commands.executeCommand('talkNotes.insertVideoTimestamp', talk.id, '1:02'),
    mark: /\[▶ 1:02\]\(https:\/\/www\.bilibili\.com\/video\/BV1edits\?p=2&t=62\)/,
    saves: true,
  },
  {
    name: 'Quote in Notes',
    needs: stem => [`slides: ${TRACK}/${stem}.pdf`],
    run: ({ stem }) =>
      vscode.commands.executeCommand('talkNotes.quoteInNotes', pdf(stem), [{ page: 2, text: 'A quoted\npassage *as is*' }]),
    mark: /^> A quoted passage \\\*as is\\\* \[p\.2\]\(#slide=2\)\r?$/m,
    saves: true,
  },
  {
    name: 'Insert Video Timestamp from the slides',
    needs: stem => [`slides: ${TRACK}/${stem}.pdf`, `video: ${VIDEO}`],
    run: ({ stem }) => vscode.commands.executeCommand('talkNotes.insertVideoTimestamp', pdf(stem), '1:02', 3),
    mark: /\[p\.3\]\(#slide=3\) \[▶ 1:02\]\(https:\/\/www\.bilibili\.com\/video\/BV1edits\?p=2&t=62\)/,
    saves: true,
  },
  {
    name: 'Locate Slides PDF',
    needs: () => [],
    run: ({ talk, stem }) => {
      const located = vscode.Uri.joinPath(root(), TRACK, `${stem}-located.pdf`);
      fs.writeFileSync(located.fsPath, '%PDF-1.4\n%%EOF\n');
      return vscode.commands.executeCommand('talkNotes.locateSlides', talk.id, located, true);
    },
    mark: /^slides: zz-note-edits\/[\w-]+-located\.pdf\r?$/m,
    saves: true,
  },
];

function note(command: EditCommand, stem: string, eol = '\n'): string {
  return ['---', `title: Edit test ${stem}`, ...command.needs(stem), '---', '', '# Edit test', '', 'The speaker’s own words.', ''].join(
    eol,
  );
}

/** A message that names the file: the user must learn which note was refused, and why. */
function assertToldAbout(messages: ShownMessage[], stem: string, why: RegExp): void {
  const relevant = messages.filter(m => m.severity !== 'information' && m.text.includes(stem));
  assert.ok(relevant.length > 0, `a warning or error naming ${stem}; got ${JSON.stringify(messages)}`);
  assert.match(relevant[0].text, why);
  assert.doesNotMatch(relevant[0].text, /\n\s+at |Error:/, 'a sentence, not a stack trace');
}

suite('Talk Notes: edits never destroy text', () => {
  const notes = useTempNotes(TRACK);
  let counter = 0;
  const stem = (command: EditCommand) => `${command.name.toLowerCase().replace(/\W+/g, '-')}-${++counter}`;

  for (const command of COMMANDS) {
    suite(command.name, () => {
      test('a dirty editor: the edit lands in it, it stays dirty, nothing is saved', async () => {
        const s = stem(command);
        const original = note(command, s);
        const { uri, talk } = await notes.track.note(notes.a, `${s}.md`, original);
        const doc = await vscode.workspace.openTextDocument(uri);
        await typeAtEnd(doc, 'UNSAVED THOUGHT\n');
        await command.run({ talk, uri, stem: s });
        assert.match(doc.getText(), command.mark);
        assert.ok(doc.getText().includes('UNSAVED THOUGHT'), 'the unsaved text is kept');
        assert.ok(doc.isDirty, 'still unsaved: the user decides when to save');
        assert.equal(bytesOnDisk(uri)?.toString('utf8'), original, 'nothing written behind the user’s back');
      });

      test('a file changed on disk since it was loaded: the edit is made on the current text', async () => {
        const s = stem(command);
        const { uri, talk } = await notes.track.note(notes.a, `${s}.md`, note(command, s));
        const doc = await vscode.workspace.openTextDocument(uri);
        assert.ok(!doc.getText().includes('WRITTEN ELSEWHERE'));
        // Another program (a sync, git pull) rewrites the note; VS Code has not noticed yet.
        const changed = `${note(command, s)}\nWRITTEN ELSEWHERE\n`;
        writeBehindVsCode(uri, changed);
        await command.run({ talk, uri, stem: s });
        if (command.saves) {
          const saved = await waitForFile(uri, t => command.mark.test(t), 'the edit on disk');
          assert.ok(saved.includes('WRITTEN ELSEWHERE'), 'the other program’s change survives');
          assert.ok(saved.startsWith(changed.split('\n---\n')[0]), 'the front matter is the current one');
          await waitFor(() => !doc.isDirty, 'the document to be saved');
        } else {
          assert.match(doc.getText(), command.mark);
          assert.ok(doc.getText().includes('WRITTEN ELSEWHERE'), 'the entry was added to the current text');
          assert.equal(bytesOnDisk(uri)?.toString('utf8'), changed);
        }
      });

      test('a deleted file: a clear message, nothing recreated', async () => {
        const s = stem(command);
        const { uri, talk } = await notes.track.note(notes.a, `${s}.md`, note(command, s));
        // Open and clean: saving it would quietly bring the file back.
        await vscode.workspace.openTextDocument(uri);
        fs.unlinkSync(uri.fsPath);
        const { messages } = await capturingMessages(() => command.run({ talk, uri, stem: s }));
        assertToldAbout(messages, s, /deleted|no longer|not found|does not exist/i);
        await sleep(300);
        assert.equal(bytesOnDisk(uri), null, 'the note was not recreated');
      });

      if (command.needs('x').length === 0) {
        test('a note without front matter gets a block or section, the rest kept byte for byte', async () => {
          const s = stem(command);
          const original = '# A talk without front matter\n\nJust notes.\n';
          const { uri, talk } = await notes.track.note(notes.a, `${s}.md`, original);
          await command.run({ talk, uri, stem: s });
          const text = command.saves
            ? await waitForFile(uri, t => command.mark.test(t), 'the edit on disk')
            : (openDocument(uri)?.getText() ?? '');
          assert.match(text, command.mark);
          if (command.name === 'Add Personal Note') assert.ok(text.startsWith(original.trimEnd()), 'the note is untouched above the entry');
          else assert.ok(text.startsWith('---\n') && text.endsWith(`---\n${original}`), `a front matter block on top: ${text}`);
        });
      }

      test('CRLF line ends are kept', async () => {
        const s = stem(command);
        const { uri, talk } = await notes.track.note(notes.a, `${s}.md`, note(command, s, '\r\n'));
        await command.run({ talk, uri, stem: s });
        const text = command.saves
          ? await waitForFile(uri, t => command.mark.test(t), 'the edit on disk')
          : (openDocument(uri)?.getText() ?? '');
        assert.match(text, command.mark);
        assert.doesNotMatch(text, /(?<!\r)\n/, 'no bare LF');
      });

      test('a BOM is kept, once', async () => {
        const s = stem(command);
        const { uri, talk } = await notes.track.note(notes.a, `${s}.md`, Buffer.concat([BOM, Buffer.from(note(command, s))]));
        await command.run({ talk, uri, stem: s });
        if (!command.saves) {
          const doc = openDocument(uri);
          assert.ok(doc);
          assert.match(doc.getText(), command.mark);
          assert.ok(await doc.save(), 'the user saves');
        }
        await waitForFile(uri, t => command.mark.test(t), 'the edit on disk');
        const bytes = bytesOnDisk(uri)!;
        assert.ok(bytes.subarray(0, 3).equals(BOM), 'starts with the BOM');
        assert.ok(!bytes.subarray(3, 6).equals(BOM), 'only one BOM');
        assert.ok(!bytes.includes(Buffer.from('\uFEFF', 'utf8'), 3), 'no BOM inside the text');
      });

      test('a note that is not UTF-8 is refused with a message saying how to convert it; its bytes stay', async () => {
        const s = stem(command);
        const bytes = Buffer.concat([Buffer.from(note(command, s)), GBK_BODY, Buffer.from('\n')]);
        const { uri, talk } = await notes.track.note(notes.a, `${s}.md`, bytes);
        const { messages } = await capturingMessages(() => command.run({ talk, uri, stem: s }));
        await sleep(300);
        assert.ok(bytesOnDisk(uri)?.equals(bytes), 'not one byte changed');
        assert.notEqual(openDocument(uri)?.isDirty, true, 'no replacement characters waiting to be saved');
        if (command.needs('x').length === 0) assertToldAbout(messages, s, /UTF-8[\s\S]*GBK|GBK[\s\S]*UTF-8/);
        else assert.ok(messages.length > 0, 'the user is told why nothing happened');
      });

      test('a symbolic link to a file outside the notes folder is never written', async () => {
        const s = stem(command);
        const target = `${notes.outside}/${s}.md`;
        const content = note(command, s);
        fs.writeFileSync(target, content);
        const link = vscode.Uri.joinPath(notes.track.uri, `${s}.md`);
        fs.symlinkSync(target, link.fsPath);
        const talk = await waitForTalk(notes.a, link);
        const { messages } = await capturingMessages(() => command.run({ talk, uri: link, stem: s }));
        await sleep(300);
        assert.equal(fs.readFileSync(target, 'utf8'), content, 'the file outside is untouched');
        assert.notEqual(openDocument(link)?.isDirty, true, 'nothing waiting to be saved through the link');
        if (command.needs('x').length === 0) assertToldAbout(messages, s, /outside the notes folder/);
        else assert.ok(messages.length > 0, 'the user is told why nothing happened');
      });
    });
  }
});
