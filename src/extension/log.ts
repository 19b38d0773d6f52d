// The one place Talk Notes logs to: the "Talk Notes" channel of the Output panel (a log channel, so
// the user's log level applies and each line carries a time). Nothing goes to console.error, where
// a user would never look.
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

function out(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Talk Notes', { log: true });
  return channel;
}

function detail(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

export const log = {
  info(message: string): void {
    out().info(message);
  },
  warn(message: string): void {
    out().warn(message);
  },
  /** `err`'s stack goes to the log only; users get a sentence elsewhere. */
  error(message: string, err?: unknown): void {
    out().error(err === undefined ? message : `${message}: ${detail(err)}`);
  },
  /** Brings the channel to front (after a failure the user asked about, e.g. an import). */
  show(): void {
    out().show(true);
  },
  /** Called from `deactivate`; a later call creates the channel again. */
  dispose(): void {
    channel?.dispose();
    channel = undefined;
  },
};
