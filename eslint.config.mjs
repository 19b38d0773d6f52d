// Lint rules that carry architecture, not only style: the core must stay runnable in plain Node.
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'media/build/**', 'node_modules/**', 'out/**', '.talk-notes-cache/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='eval'], NewExpression[callee.name='Function']",
          message: 'Notes come from other people: never evaluate code.',
        },
      ],
    },
  },
  {
    // Notes, outlines and paths come from other people: no regex may take more than linear time on
    // them (a backtracking regex froze Add Personal Note for seconds on a note ending in blank
    // lines). Rewrite such a regex by hand, or so that no two quantifiers can match the same text.
    files: ['src/**/*.ts'],
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
    },
  },
  {
    // Plain CommonJS launchers.
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The core and the CLI are plain Node: `vscode` exists only inside the extension host.
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts', 'test/unit/**/*.ts', 'test/bench/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core must not depend on vscode; adapt core results in src/extension instead.' }],
          patterns: [{ group: ['**/extension/**', '**/webview/**'], message: 'The core must not depend on the VS Code layer.' }],
        },
      ],
    },
  },
  {
    // The webview runs in a browser: no Node, no vscode, no core code that might pull in either.
    // The protocols in src/shared/ are imported by both sides, so they obey the stricter side.
    files: ['src/webview/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'Webview code runs in the browser; talk to the extension through messages.' }],
          patterns: [{ group: ['node:*', 'fs', 'path'], message: 'Webview code runs in the browser.' }],
        },
      ],
    },
  },
);
