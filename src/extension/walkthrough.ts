// The first-run walkthrough (package.json `contributes.walkthroughs`) ticks a step off when the
// user does what the step says, however they do it. Its `onCommand:` events only hear commands
// the workbench runs (palette, tree, keybindings, the step's own link); the same command run from
// a notes view's button runs inside the extension host, where the walkthrough never hears of it.
// So the steps complete on context keys (`onContext:`), set here when the thing itself happens
// (the first step also on its view showing, `onView:`).
import * as vscode from 'vscode';

export const WALKTHROUGH_STEPS = ['openConference', 'openTalk', 'getSlides', 'writeNote', 'continue'] as const;
export type WalkthroughStep = (typeof WALKTHROUGH_STEPS)[number];

/** The context key that completes `step`; the manifest's `onContext:` event names the same. */
export function walkthroughKey(step: WalkthroughStep): string {
  return `talkNotes.walkthrough.${step}`;
}

const done = new Set<WalkthroughStep>();

/** The user did what `step` says (the talks listed, a talk's notes shown, its slides open, …). */
export function walkthroughStepDone(step: WalkthroughStep): void {
  if (done.has(step)) return;
  done.add(step);
  void vscode.commands.executeCommand('setContext', walkthroughKey(step), true);
}

/** The steps done in this window, in the order of the walkthrough. */
export function walkthroughStepsDone(): WalkthroughStep[] {
  return WALKTHROUGH_STEPS.filter(step => done.has(step));
}
