// How a failure reaches the user: one sentence in a notification, the details (stack included) in
// the Talk Notes log. A command never ends in an unhandled rejection or a raw error text.
import * as vscode from 'vscode';
import { errorCode } from '../core/errors';
import { log } from './log';

/** A failure whose message is written for the user (which file, what happened, what to do). */
export class UserError extends Error {}

/** Wraps a command handler so that whatever it throws is reported, never left unhandled. */
export function guardCommand<A extends unknown[], R>(
  id: string,
  handler: (...args: A) => R | PromiseLike<R>,
): (...args: A) => Promise<R | undefined> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (err) {
      reportError(err, id);
      return undefined;
    }
  };
}

/** Our own errors are shown as they are; anything else is summarised in a sentence and logged. */
export function reportError(err: unknown, context: string): void {
  if (err instanceof UserError) {
    log.warn(`${context}: ${err.message}`);
    void vscode.window.showErrorMessage(err.message);
    return;
  }
  log.error(`${context} failed`, err);
  const showLog = vscode.l10n.t('Show Log');
  void vscode.window
    .showErrorMessage(vscode.l10n.t('Talk Notes could not finish this: {0}. The details are in the Talk Notes log.', reason(err)), showLog)
    .then(choice => {
      if (choice === showLog) log.show();
    });
}

/** What went wrong, in words a user can act on; the system's own text stays in the log. */
function reason(err: unknown): string {
  switch (errorCode(err)) {
    case 'FileNotFound':
    case 'ENOENT':
      return vscode.l10n.t('a file or folder was not found');
    case 'FileExists':
    case 'EEXIST':
      return vscode.l10n.t('a file already exists there');
    case 'NoPermissions':
    case 'EACCES':
    case 'EPERM':
      return vscode.l10n.t('permission was denied');
    case 'FileNotADirectory':
    case 'ENOTDIR':
      return vscode.l10n.t('a file is where a folder was expected');
    case 'FileIsADirectory':
    case 'EISDIR':
      return vscode.l10n.t('a folder is where a file was expected');
    case 'ENOSPC':
      return vscode.l10n.t('the disk is full');
    case 'EROFS':
      return vscode.l10n.t('the file system is read-only');
    case 'Unavailable':
      return vscode.l10n.t('the file system is not available');
    default:
      return vscode.l10n.t('an unexpected error');
  }
}
