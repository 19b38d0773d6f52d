// Placeholder entry point; the real extension is wired up in the extension issue.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): { ready: true } {
  context.subscriptions.push(
    vscode.window.registerTreeDataProvider('talkNotes.talks', {
      getTreeItem: (label: string) => new vscode.TreeItem(label),
      getChildren: () => [],
    }),
  );
  return { ready: true };
}

export function deactivate(): void {}
