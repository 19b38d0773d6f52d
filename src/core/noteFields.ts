// Front matter values to model fields, each wrongly typed value reported at its key's line with
// what to write instead.
import { httpUrl } from './links';
import { TALK_STATUSES, type Problem, type Severity, type TalkStatus } from './model';

/** Collects problems for one file. */
export class Report {
  readonly problems: Problem[] = [];
  constructor(readonly file: string) {}
  add(line: number | null, severity: Severity, message: string): void {
    this.problems.push({ file: this.file, line, severity, message });
  }
}

export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  return String(value);
}

/** Where problems about a key point. */
export interface KeyLines {
  /** 1-based file line of a top-level key, or null. */
  lineOf(key: string): number | null;
}

export function optionalText(data: Record<string, unknown>, key: string, split: KeyLines, report: Report): string | null {
  const raw = data[key];
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  if (typeof raw !== 'string') {
    report.add(split.lineOf(key), 'warning', `${key} must be text, got ${show(raw)}; write it as "${key}: ..." on one line`);
    return null;
  }
  return raw.trim() || null;
}

export function optionalOrder(data: Record<string, unknown>, split: KeyLines, report: Report): number | null | undefined {
  const raw = data.order;
  if (raw === undefined || raw === null) return undefined;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(n)) {
    report.add(split.lineOf('order'), 'warning', `order must be a number, got ${show(raw)}; write e.g. "order: 3" or remove the line`);
    return undefined;
  }
  return n;
}

export function link(data: Record<string, unknown>, key: string, split: KeyLines, report: Report): string | null {
  const raw = data[key];
  if (raw === undefined || raw === null || raw === '') return null;
  const url = httpUrl(raw);
  if (!url) report.add(split.lineOf(key), 'error', `${key} must be an http(s) URL, got ${show(raw)}; fix the link or remove the line`);
  return url;
}

const SPEAKER_SEPARATORS = /[&＆、,，]/;

export function speakers(data: Record<string, unknown>, split: KeyLines, report: Report): string[] {
  const raw = data.speakers;
  if (raw === undefined || raw === null) return [];
  if (typeof raw === 'string')
    return raw
      .split(SPEAKER_SEPARATORS)
      .map(s => s.trim())
      .filter(Boolean);
  if (!Array.isArray(raw)) {
    badSpeakers(raw, split, report);
    return [];
  }
  // Usually every name is already clean, and the list (fresh from the parser, not shared with
  // anything the talk exposes) can be used as it is.
  if (allCleanNames(raw)) return raw;
  const out: string[] = [];
  let dropped = false;
  for (const item of raw) {
    if (typeof item === 'string') {
      const name = item.trim();
      if (name) out.push(name);
    } else dropped = true;
  }
  if (dropped) badSpeakers(raw, split, report);
  return out;
}

function allCleanNames(list: unknown[]): list is string[] {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (typeof item !== 'string' || item === '' || item.trim() !== item) return false;
  }
  return true;
}

function badSpeakers(raw: unknown, split: KeyLines, report: Report): void {
  report.add(
    split.lineOf('speakers'),
    'warning',
    `speakers must be a list of names, got ${show(raw)}; write "speakers: [Name One, Name Two]" or one "- Name" per line`,
  );
}

export function tags(data: Record<string, unknown>, split: KeyLines, report: Report): string[] {
  const raw = data.tags;
  if (raw === undefined || raw === null) return [];
  const list = typeof raw === 'string' ? raw.split(',') : raw;
  if (!Array.isArray(list)) {
    report.add(split.lineOf('tags'), 'warning', `tags must be a list, got ${show(raw)}; write "tags: [sql, state]"`);
    return [];
  }
  const out: string[] = [];
  let dropped = false;
  for (const item of list) {
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') {
      const t = String(item).trim();
      if (t && !out.includes(t)) out.push(t);
    } else dropped = true;
  }
  if (dropped) report.add(split.lineOf('tags'), 'warning', 'tags must be a list of words; nested lists and mappings were ignored');
  return out;
}

export function status(data: Record<string, unknown>, split: KeyLines, report: Report): TalkStatus {
  const raw = data.status;
  if (raw === undefined || raw === null || raw === '') return 'todo';
  const s = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  // The constant, not the decoded text: thousands of talks then share three strings.
  const known = (TALK_STATUSES as readonly string[]).indexOf(s);
  if (known >= 0) return TALK_STATUSES[known];
  report.add(split.lineOf('status'), 'warning', `status must be one of ${TALK_STATUSES.join(', ')}, got ${show(raw)}; treated as todo`);
  return 'todo';
}

/** Budget for copying unknown keys: YAML aliases can make a few lines expand enormously. */
const EXTRA_BUDGET = 10_000;

function plainCopy(value: unknown, budget: { left: number }): unknown {
  if (--budget.left < 0) throw new RangeError('too large');
  if (Array.isArray(value)) return value.map(v => plainCopy(v, budget));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, { value: plainCopy(v, budget), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

const KNOWN_TALK_KEYS = new Set(['title', 'speakers', 'order', 'slides', 'video', 'article', 'status', 'tags']);

export function extraKeys(data: Record<string, unknown>, split: KeyLines, report: Report): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  const budget = { left: EXTRA_BUDGET };
  // for-in walks the object's cached key list instead of copying it as Object.keys does.
  for (const key in data) {
    if (KNOWN_TALK_KEYS.has(key) || !Object.hasOwn(data, key)) continue;
    const value = data[key];
    // Scalars are the common case and need no copy.
    let copy: unknown = value;
    if (value !== null && typeof value === 'object') {
      try {
        copy = plainCopy(value, budget);
      } catch {
        report.add(
          split.lineOf(key),
          'warning',
          `front matter key "${key}" expands to more than ${EXTRA_BUDGET} values (YAML aliases?); it is ignored`,
        );
        continue;
      }
    }
    Object.defineProperty(extra, key, { value: copy, enumerable: true, writable: true, configurable: true });
  }
  return extra;
}
