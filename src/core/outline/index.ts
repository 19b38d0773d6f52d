// Outlines: one Markdown document per conference, read into tracks and talks (parse.ts).
export { outlineFrontMatter, type OutlineFrontMatter } from './frontMatter';
export { parseOutline } from './parse';
export { talkOrders } from './talkHeading';
export type { Outline, OutlineConference, OutlineTalk, OutlineTrack } from './types';
