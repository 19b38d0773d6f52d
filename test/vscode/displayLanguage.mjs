// VS Code in another display language, offline: the real language packs come from the
// Marketplace, which tests cannot reach. What the workbench needs to run in, say, zh-cn is its
// user's `argv.json` asking for the locale and a language pack entry in `languagepacks.json`
// pointing at a translations file. The file written here translates nothing of VS Code itself
// (its menus stay English), but the workbench then runs in that language: `vscode.env.language`
// is zh-cn, so extensions load their own translations (package.nls.zh-cn.json and
// l10n/bundle.l10n.zh-cn.json), which is what the tests check.
import fs from 'node:fs';
import path from 'node:path';

/** Makes the running server's next page load use `locale` (e.g. 'zh-cn') as display language. */
export function useDisplayLanguage(server, locale) {
  const userData = path.join(server.stateDir, 'user-data');
  const translations = path.join(server.stateDir, `language-pack-${locale}.json`);
  fs.writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  fs.writeFileSync(path.join(userData, 'User', 'argv.json'), JSON.stringify({ locale }));
  fs.writeFileSync(
    path.join(userData, 'languagepacks.json'),
    JSON.stringify({
      [locale]: {
        hash: `talk-notes-tests-${locale}`,
        label: locale,
        // The server skips every extension when a pack lists none of its own.
        extensions: [{ extensionIdentifier: { id: `talk-notes-tests.language-pack-${locale}`, uuid: null }, version: '1.0.0' }],
        translations: { vscode: translations },
      },
    }),
  );
}
