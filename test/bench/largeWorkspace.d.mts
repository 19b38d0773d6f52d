// Types of largeWorkspace.mjs for the TypeScript tests that import it.
export interface GeneratedTalk {
  title: string;
  track: string;
  /** Relative to the workspace root, forward slashes. */
  file: string;
  speakers: string[];
}

export type ProblemKind = 'broken' | 'missingSlides' | 'duplicateTitles' | 'unsafeLinks' | 'badStatus';

export interface GeneratedWorkspace {
  dir: string;
  talks: number;
  tracks: number;
  files: Record<ProblemKind, number>;
  problemTalks: Record<ProblemKind, GeneratedTalk>;
  firstTalks: GeneratedTalk[];
  firstTalk: GeneratedTalk;
  sampleTalk: GeneratedTalk;
}

export function generateLargeWorkspace(dir: string, options?: { tracks?: number; talksPerTrack?: number }): GeneratedWorkspace;
