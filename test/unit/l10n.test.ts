// Every UI string has a Simplified Chinese translation: the manifest's through package.nls.*.json,
// the runtime's through l10n/bundle.l10n.zh-cn.json (keyed by the English text, as vscode.l10n does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const read = (p: string) => readFileSync(path.join(root, p), 'utf8');

/** First-argument string literals of `l10n.t(...)` calls, unescaped like JS would. */
export function l10nStrings(source: string): string[] {
  const out: string[] = [];
  const re = /l10n\.t\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(source)))
    out.push(m[1] === '`' ? m[2] : (JSON.parse(`"${m[2].replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string));
  return out;
}

test('every runtime string of the extension has a zh-cn translation', () => {
  const bundle = JSON.parse(read('l10n/bundle.l10n.zh-cn.json')) as Record<string, string>;
  const dir = path.join(root, 'src/extension');
  const missing: string[] = [];
  let count = 0;
  for (const file of readdirSync(dir).filter(f => f.endsWith('.ts'))) {
    for (const s of l10nStrings(readFileSync(path.join(dir, file), 'utf8'))) {
      count++;
      if (!bundle[s]?.trim()) missing.push(`${file}: ${s}`);
    }
  }
  assert.ok(count > 20, `found only ${count} strings; is the scanner broken?`);
  assert.deepEqual(missing, [], 'add these to l10n/bundle.l10n.zh-cn.json');
});

test('placeholders survive translation', () => {
  const bundle = JSON.parse(read('l10n/bundle.l10n.zh-cn.json')) as Record<string, string>;
  for (const [en, zh] of Object.entries(bundle)) {
    const ph = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort().join();
    assert.equal(ph(zh), ph(en), `placeholders differ for "${en}"`);
  }
});

test('the manifest is localized in English and Chinese with the same keys', () => {
  const manifest = read('package.json');
  const en = JSON.parse(read('package.nls.json')) as Record<string, string>;
  const zh = JSON.parse(read('package.nls.zh-cn.json')) as Record<string, string>;
  const used = [...manifest.matchAll(/"%([^%"]+)%"/g)].map(m => m[1]);
  assert.ok(used.length > 10);
  for (const key of used) {
    assert.ok(en[key], `package.nls.json lacks ${key}`);
    assert.ok(zh[key], `package.nls.zh-cn.json lacks ${key}`);
  }
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
});
