// The study loop: which talk the user is studying (the one whose notes view, slides or note is in
// front, remembered per workspace), Continue Studying to get back to it, the status-bar item that
// shows it with the conference's progress, and todo → watching when a talk's slides or video open.
// The pointer is UI state (workspaceState); everything the user wrote stays in the notes.
import * as vscode from 'vscode';
import { formatTimestamp } from '../core/links';
import { lastVideoMoment } from '../core/lastMoment';
import type { Talk } from '../core/model';
import { Disposable } from './disposable';
import { guardCommand, reportError } from './errors';
import { log } from './log';
import { noteToShow } from './noteAccess';
import { setFrontMatterField } from './noteEdits';
import type { NotesService } from './notesService';
import { NOTES_VIEW_TYPE, type NotesViews } from './notesView';
import type { OpenSlidesResult, SlidesOpener } from './slidesOpener';
import { fileKey, SLIDES_VIEWER_TYPE } from './slidesViewer';
import { walkthroughStepDone } from './walkthrough';

/** workspaceState key: the id (note path) of the talk studied last. */
const LAST_STUDIED_KEY = 'talkNotes.lastStudied';
/** The setting that turns off todo → watching on opening slides or video. */
const MARK_WATCHING_SETTING = 'markWatchingOnOpen';
/** The status bar is narrow: a speaker's name or the start of the title. */
const SHORT_NAME_CHARS = 16;

/** What Continue Studying did: the talk, its slides, and the video moment it offered. */
export interface ContinueResult {
  talkId: string;
  slides: OpenSlidesResult | 'none';
  /** The URL offered to resume the video at (the last moment of the notes, else the video), if any. */
  video?: string;
  /** The moment offered, in seconds, when the notes hold one. */
  seconds?: number;
}

export interface StudyStatus {
  text: string;
  tooltip: string;
  talkId: string | undefined;
}

export class StudySession extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('talkNotes.study', vscode.StatusBarAlignment.Left, 50));
  private current: string | undefined;
  private recheck: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly state: vscode.Memento,
    private readonly notes: NotesService,
    private readonly notesViews: NotesViews,
    private readonly slides: SlidesOpener,
  ) {
    super();
    this.item.name = vscode.l10n.t('Talk Notes: Continue Studying');
    this.item.command = 'talkNotes.continueStudying';
    this._register(
      vscode.commands.registerCommand(
        'talkNotes.continueStudying',
        guardCommand('talkNotes.continueStudying', () => this.continue()),
      ),
    );
    this._register(vscode.window.tabGroups.onDidChangeTabs(() => this.followFront()));
    this._register(vscode.window.tabGroups.onDidChangeTabGroups(() => this.followFront()));
    this._register(notes.onDidChange(() => this.update()));
    this._register(slides.onDidOpen(talk => this.opened(talk)));
    this._register({ dispose: () => clearTimeout(this.recheck) });
    this.update();
  }

  /** The talk the user studies now: the one in front, else the one studied last. */
  get talk(): Talk | undefined {
    const id = this.current ?? this.state.get<string>(LAST_STUDIED_KEY);
    return id ? this.notes.talk(id) : undefined;
  }

  get status(): StudyStatus {
    return { text: this.item.text, tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : '', talkId: this.talk?.id };
  }

  /** A talk's slides or video were opened: it is being studied, and a talk to watch is now watched. */
  opened(talk: Talk): void {
    this.studying(talk.id);
    if (talk.status !== 'todo') return;
    const enabled = vscode.workspace.getConfiguration('talkNotes', this.notes.root).get<boolean>(MARK_WATCHING_SETTING, true);
    if (!enabled) return;
    // A note Talk Notes may not write (not UTF-8, outside the folder) just keeps its status.
    setFrontMatterField(this.notes, talk, 'status', 'watching').catch(err =>
      log.warn(`${talk.id}: status not set to watching: ${String(err)}`),
    );
  }

  /**
   * Reopens the talk studied last (or the first one being watched, else the first to watch): its
   * notes view, its slides where the viewer left them, and an offer to resume the video at the
   * last moment written in its notes.
   */
  async continue(): Promise<ContinueResult | undefined> {
    await this.notes.ready();
    const talks = this.notes.allTalks();
    const talk = this.talk ?? talks.find(t => t.status === 'watching') ?? talks.find(t => t.status === 'todo') ?? talks[0];
    if (!talk) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No talks found. Open a notes folder or import an outline first.'));
      return undefined;
    }
    this.notesViews.show(talk.id, vscode.ViewColumn.Active);
    this.studying(talk.id);
    // The viewer remembers each PDF's page, so opening without one lands where the user left off.
    const slides = talk.slides ? await this.slides.open(talk.id) : 'none';
    walkthroughStepDone('continue');
    const moment = await this.lastMoment(talk);
    const video = moment?.url ?? talk.video ?? undefined;
    if (video) this.offerVideo(talk, video, moment?.seconds);
    return { talkId: talk.id, slides, video, seconds: moment?.seconds };
  }

  private async lastMoment(talk: Talk): Promise<ReturnType<typeof lastVideoMoment>> {
    try {
      const note = await noteToShow(this.notes, talk);
      return note.kind === 'shown' ? lastVideoMoment(note.text) : null;
    } catch (err) {
      log.warn(`${talk.id}: could not read the note for its last video moment: ${String(err)}`);
      return null;
    }
  }

  /** Asks without blocking the command: the answer may come long after, or never. */
  private offerVideo(talk: Talk, url: string, seconds: number | undefined): void {
    const action = seconds === undefined ? vscode.l10n.t('Open Video') : vscode.l10n.t('Resume Video at {0}', formatTimestamp(seconds));
    const message =
      seconds === undefined
        ? vscode.l10n.t('Continue “{0}”: its video is ready.', talk.title)
        : vscode.l10n.t('Continue “{0}”: your notes stop at {1} of the video.', talk.title, formatTimestamp(seconds));
    vscode.window.showInformationMessage(message, action).then(
      async choice => {
        if (choice !== action) return;
        try {
          await vscode.env.openExternal(vscode.Uri.parse(url, true));
          const now = this.notes.talk(talk.id);
          if (now) this.opened(now);
        } catch (err) {
          reportError(err, `opening the video of ${talk.id}`);
        }
      },
      err => reportError(err, `offering the video of ${talk.id}`),
    );
  }

  private studying(talkId: string): void {
    this.current = talkId;
    if (this.state.get(LAST_STUDIED_KEY) !== talkId) {
      this.state.update(LAST_STUDIED_KEY, talkId).then(undefined, err => log.error('could not remember the talk studied', err));
    }
    this.update();
  }

  /** The active tab: a notes view, a talk's slides or a talk's note makes that talk the current one. */
  private followFront(): void {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    let talk: Talk | undefined;
    if (input instanceof vscode.TabInputWebview && input.viewType.endsWith(NOTES_VIEW_TYPE)) {
      const id = this.notesViews.activeTalkId;
      // The panel learns it is active a moment after the tab does.
      if (!id) {
        clearTimeout(this.recheck);
        this.recheck = setTimeout(() => this.followFront(), 100);
        return;
      }
      talk = this.notes.talk(id);
    } else if (input instanceof vscode.TabInputCustom && input.viewType === SLIDES_VIEWER_TYPE) {
      const key = fileKey(input.uri);
      talk = this.notes.allTalks().find(t => this.notes.slidesUri(t)?.toString() === key);
    } else if (input instanceof vscode.TabInputText) {
      talk = this.notes.talkForUri(input.uri);
    }
    if (talk && talk.id !== this.current) this.studying(talk.id);
  }

  private update(): void {
    const talks = this.notes.allTalks();
    if (!talks.length) {
      this.item.hide();
      return;
    }
    const done = talks.filter(t => t.status === 'done').length;
    const talk = this.talk;
    if (talk) {
      this.item.text = `$(play) ${shortName(talk)} · ${done}/${talks.length}`;
      this.item.tooltip = vscode.l10n.t('Continue studying “{0}” ({1} of {2} talks done)', talk.title, done, talks.length);
    } else {
      this.item.text = `$(play) ${done}/${talks.length}`;
      this.item.tooltip = vscode.l10n.t('Start studying ({0} of {1} talks done)', done, talks.length);
    }
    this.item.accessibilityInformation = { label: this.item.tooltip };
    this.item.show();
  }
}

function shortName(talk: Talk): string {
  const name = talk.speakers[0] ?? talk.title;
  const chars = [...name];
  return chars.length > SHORT_NAME_CHARS ? `${chars.slice(0, SHORT_NAME_CHARS - 1).join('')}…` : name;
}
