// `talk-notes images [--offline]` as users run it: the bundled launcher on a real notes folder, its
// images on a local host started by the test. The launcher runs as a child process without
// blocking this one, which serves the images.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { DIAGRAM, PHOTO, startImageServer, type ImageServer } from '../fixtures/imageServer';
import { tempDir, writeTree } from '../fixtures/tempTree';

const repo = path.resolve(__dirname, '../../..');
const bin = path.join(repo, 'bin', 'talk-notes.js');

function run(args: string[], cwd = repo): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, [bin, ...args], { cwd });
    let out = '';
    let err = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (err += d));
    child.on('close', code => resolve({ code, out, err }));
  });
}

let server: ImageServer;
before(async () => {
  server = await startImageServer();
});
after(() => server.close());
const url = (p: string) => `${server.base}${p}`;

function notesWithImages(t: { after(fn: () => void): void }) {
  const root = path.join(tempDir(t, 'tn-images-cli-'), 'notes');
  const talk = [
    '---',
    'title: Remote images',
    '---',
    '',
    `![diagram](${url('/img/diagram.png')})`,
    '',
    `![photo][p]`,
    '',
    `![gone](${url('/img/gone.png')})`,
    `![slow](${url('/img/slow.png')})`,
    `![page](${url('/img/page.png')})`,
    `![big](${url('/img/huge.png')})`,
    `![moved](${url('/img/moved.png')})`,
    '',
    '```',
    `![code](${url('/img/diagram.png?code')})`,
    '```',
    '',
    `[p]: ${url('/img/photo.png')} "A photo"`,
    '',
  ].join('\n');
  writeTree(root, {
    'index.md': '---\ntitle: Image Conf\n---\n',
    'Track/01-remote.md': talk,
    'Track/02-local.md': '---\ntitle: Local only\n---\n\n![x](images/x.png)\n',
    // A file name that tries to drive the terminal.
    'Track/03-evil\x1b[2J.md': `---\ntitle: Evil\n---\n\n![e](${url('/img/gone.png?evil')})\n`,
  });
  return { root, talk: path.join(root, 'Track', '01-remote.md') };
}

test('images lists remote images as file:line: url and changes nothing', async t => {
  const { root, talk } = notesWithImages(t);
  const before = readFileSync(talk, 'utf8');
  const r = await run(['images', 'notes'], path.dirname(root));
  assert.equal(r.code, 0, r.err);
  assert.ok(r.out.split('\n').includes(`notes/Track/01-remote.md:5: ${url('/img/diagram.png')}`), r.out);
  assert.ok(r.out.split('\n').includes(`notes/Track/01-remote.md:19: ${url('/img/photo.png')}`), r.out);
  assert.doesNotMatch(r.out, /code|02-local/);
  assert.match(r.err, /8 remote image\(s\) in 2 of 3 note\(s\)/);
  assert.equal(readFileSync(talk, 'utf8'), before);
  assert.ok(!existsSync(path.join(root, 'Track', 'images')));
});

test('images --offline downloads, rewrites, lists what failed and why; a second run does nothing new', async t => {
  const { root, talk } = notesWithImages(t);
  const original = readFileSync(talk, 'utf8');
  const r = await run(['images', 'notes', '--offline', '--timeout', '0.5'], path.dirname(root));
  assert.equal(r.code, 1, 'some images could not be kept');
  assert.doesNotMatch(r.out + r.err, /\x1b/, 'no control character reaches the terminal');
  assert.match(r.out, /\\x1b\[2J/, 'it is shown escaped');
  assert.match(r.out, /^notes\/Track\/01-remote\.md: 3 image\(s\) kept offline:$/m);
  const lines = r.out.split('\n');
  assert.ok(lines.includes(`  notes/Track/images/diagram.png ← ${url('/img/diagram.png')}`), r.out);
  assert.ok(lines.includes(`  notes/Track/images/diagram.png ← ${url('/img/moved.png')}`), 'a redirect to the same image is the same file');
  assert.ok(lines.includes(`  notes/Track/images/photo.jpg ← ${url('/img/photo.png')}`), r.out);
  const failures = r.out.split('\n').filter(l => /not kept offline/.test(l));
  assert.deepEqual(
    failures.map(l => l.replace(server.base, 'HOST').replace(/: error: HOST(\S+) not kept offline: /, ' $1 | ')),
    [
      'notes/Track/01-remote.md:9 /img/gone.png | the server says it is gone (HTTP 404); the link is kept as it is',
      'notes/Track/01-remote.md:10 /img/slow.png | no answer within 0.5 s; try again later (or with a longer --timeout)',
      'notes/Track/01-remote.md:11 /img/page.png | not an image (the server sent text/html); only PNG, JPEG, GIF and WebP images are kept',
      'notes/Track/01-remote.md:12 /img/huge.png | larger than 20 MB, the limit for one image',
      'notes/Track/03-evil\\x1b[2J.md:5 /img/gone.png?evil | the server says it is gone (HTTP 404); the link is kept as it is',
    ],
  );
  assert.match(
    r.err,
    /^3 image\(s\) kept offline, 2 file\(s\) written, 5 image\(s\) not kept; a copy of each rewritten note is in notes\/\.talk-notes\/backup\/[\dT:.Z-]+$/m,
  );

  const images = path.join(root, 'Track', 'images');
  assert.deepEqual(readdirSync(images).sort(), ['diagram.png', 'photo.jpg']);
  assert.ok(readFileSync(path.join(images, 'diagram.png')).equals(DIAGRAM));
  assert.ok(readFileSync(path.join(images, 'photo.jpg')).equals(PHOTO));
  const rewritten = readFileSync(talk, 'utf8');
  assert.ok(rewritten.includes(`![diagram](images/diagram.png "original: ${url('/img/diagram.png')}")`));
  assert.ok(rewritten.includes(`![moved](images/diagram.png "original: ${url('/img/moved.png')}")`));
  assert.ok(rewritten.includes(`[p]: images/photo.jpg "A photo — original: ${url('/img/photo.png')}"`));
  assert.ok(rewritten.includes(`![gone](${url('/img/gone.png')})`), 'failed links are untouched');
  assert.ok(rewritten.includes(`![code](${url('/img/diagram.png?code')})`), 'code is untouched');
  // Only the image links changed; the copy kept is the note as it was.
  assert.equal(rewritten.split('\n').length, original.split('\n').length);
  const backups = path.join(root, '.talk-notes', 'backup');
  const [stamp] = readdirSync(backups);
  assert.equal(readFileSync(path.join(backups, stamp, 'Track', '01-remote.md'), 'utf8'), original);

  const again = await run(['images', 'notes', '--offline', '--timeout', '0.5'], path.dirname(root));
  assert.equal(again.code, 1, 'the failed images are still there');
  assert.doesNotMatch(again.out, /image\(s\) kept offline:/);
  assert.match(again.err, /0 image\(s\) kept offline, 0 file\(s\) written, 5 image\(s\) not kept/);
  assert.equal(readFileSync(talk, 'utf8'), rewritten, 'nothing new');
  assert.deepEqual(readdirSync(images).sort(), ['diagram.png', 'photo.jpg']);
});

test('images --offline on one note, and on notes it must not touch', async t => {
  const root = path.join(tempDir(t, 'tn-images-cli-one-'), 'notes');
  writeTree(root, {
    'Track/ok.md': `# Ok\n\n![d](${url('/img/diagram.png')})\n`,
    'Track/gbk.md': Buffer.from([0x23, 0x20, 0xd6, 0xd0, 0x0a]),
  });
  const outside = path.join(path.dirname(root), 'outside.md');
  writeTree(path.dirname(root), { 'outside.md': `![d](${url('/img/diagram.png')})\n` });
  symlinkSync(outside, path.join(root, 'Track', 'link.md'));

  const one = await run(['images', '--offline', path.join(root, 'Track', 'ok.md')]);
  assert.equal(one.code, 0, one.out + one.err);
  assert.match(one.err, /1 image\(s\) kept offline, 1 file\(s\) written/);
  assert.ok(existsSync(path.join(root, 'Track', 'images', 'diagram.png')));

  const all = await run(['images', '--offline', root]);
  assert.equal(all.code, 1);
  assert.match(all.out, /Track\/gbk\.md: error: skipped: .*not (saved as )?UTF-8/);
  assert.match(all.out, /Track\/link\.md: error: skipped: .*outside the notes folder/);
  assert.equal(
    readFileSync(outside, 'utf8'),
    `![d](${url('/img/diagram.png')})\n`,
    'a note behind a link out of the folder is never rewritten',
  );

  const usage = await run(['images', '--offline', '--timeout', 'soon', root]);
  assert.equal(usage.code, 2);
  assert.match(usage.err, /--timeout takes a number of seconds/);
  const notMarkdown = await run(['images', path.join(root, 'Track', 'images', 'diagram.png')]);
  assert.equal(notMarkdown.code, 2);
  assert.match(notMarkdown.err, /not a Markdown note/);
  const help = await run(['images', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /Usage: talk-notes images/);
});
