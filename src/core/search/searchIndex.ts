// The search index of a conference: every talk's title, speakers and tags, its notes line by line
// and its slides page by page, updated one talk (or one PDF) at a time.
//
// Layout. A talk has up to three documents — its header (title, speakers, tags), its notes and
// its slides — each the folded text of its units (lines, pages) joined by line breaks. An inverted
// index maps terms to the documents holding them: Latin words (looked up exactly, or by prefix
// through a sorted word list) and, for CJK text, every character and every pair of neighbouring
// characters (so any CJK substring of two or more characters narrows the candidates by its pairs).
// Candidates are then verified on the folded text (matcher.ts), which is also what decides unit
// by unit whether every clause matches.
//
// Updates never edit posting lists: a replaced document gets a new id and the old id is marked
// dead; lists are compacted (ids renumbered) once the dead outnumber the living.
//
// Ranking: header hits first, then notes, then slides; within each, talks in the order of the
// notes tree, then line or page order. A search walks the documents in that order and stops once
// it has `limit` hits, so a query costs at most what its first hits cost to find.
//
// Past 450 lines because the posting lists, the dead-id bookkeeping and the ranked walk share one
// private representation (typed arrays indexed by document id); split apart, each would expose it.

import { CharClass, charClass, fold } from './fold';
import { forEachMatchingUnit } from './matcher';
import { parseQuery, type Query } from './query';
import { makeSnippet, matchRanges, type Snippet } from './snippet';

export type HitField = 'title' | 'speakers' | 'tags' | 'notes' | 'slides';

/** Header hits rank first, then notes, then slides. */
const TIERS = 3;
const HEADER = 0;
const NOTES = 1;
const SLIDES = 2;

/** Hits a search returns unless told otherwise: a screenful many times over, cheap to build. */
export const DEFAULT_LIMIT = 100;

/** A unit longer than this is split in pieces (with the same line or page): bounds snippet work. */
export const MAX_UNIT_CHARS = 20_000;

/** A term whose posting lists sum to more than this many times the documents does not filter. */
const BROAD_FACTOR = 2;
/** New words wait in an unsorted list until there are this many (or a search needs them sorted). */
const PENDING_WORDS = 512;

export interface HeaderUnit {
  field: 'title' | 'speakers' | 'tags';
  text: string;
  /** 1-based line in the note where the field is written, when known. */
  line: number | null;
}

export interface TextUnit {
  text: string;
  /** 1-based line (notes) or page (slides). */
  at: number;
}

export interface SearchHit {
  talkId: string;
  field: HitField;
  /** The note (header and notes hits) or the PDF (slides hits), as given to the index. */
  file: string;
  line: number | null;
  page: number | null;
  /** Where the first match starts in its line or page (UTF-16 offset), to select it in an editor. */
  column: number;
  snippet: Snippet;
  /**
   * The original text of the first match in the line or page (e.g. `RocksDB` for the query
   * `rocksdb`): what a viewer's own find should look for to highlight it.
   */
  matched: string;
}

export interface SearchResult {
  query: Query;
  hits: SearchHit[];
  /** More hits exist beyond `limit`. */
  more: boolean;
}

export interface SearchOptions {
  /** Hits returned at most (default DEFAULT_LIMIT). */
  limit?: number;
  snippetWidth?: number;
}

export interface IndexStats {
  talks: number;
  notesLines: number;
  slidePages: number;
  /** Distinct terms (words, CJK characters and pairs). */
  terms: number;
  /** Entries in all posting lists (live and dead). */
  postings: number;
  /** Characters of original and folded text held. */
  textChars: number;
}

interface Doc {
  id: number;
  talkId: string;
  tier: number;
  file: string;
  folded: string;
  /**
   * Start of each unit in `folded`. Plain arrays here and below: a typed array costs about 200
   * bytes of its own, three per document add up to megabytes in a large workspace.
   */
  starts: number[];
  /** Original text of each unit. */
  texts: string[];
  /** Line or page of each unit (0: unknown). */
  at: number[];
  /** Where each unit starts in its line or page: null unless a long one was split. */
  offsets: number[] | null;
  /** Header documents: the field of each unit. */
  fields: HitField[] | null;
  rank: number;
}

/** Calls `onTerm` once per distinct index term of a folded text. */
function collectTerms(folded: string, terms: Set<string>): void {
  const n = folded.length;
  let i = 0;
  while (i < n) {
    const c = folded.charCodeAt(i);
    if (c === 32 || c === 10) {
      i++;
      continue;
    }
    const cp = folded.codePointAt(i) as number;
    const cls = charClass(cp);
    let j = i;
    if (cls === CharClass.Cjk) {
      // Characters and neighbouring pairs, by code point.
      let prev = -1;
      while (j < n) {
        const d = folded.codePointAt(j) as number;
        if (charClass(d) !== CharClass.Cjk) break;
        const w = d > 0xffff ? 2 : 1;
        terms.add(folded.slice(j, j + w));
        if (prev >= 0) terms.add(folded.slice(prev, j + w));
        prev = j;
        j += w;
      }
    } else {
      while (j < n) {
        const d = folded.charCodeAt(j);
        if (d === 32 || d === 10) break;
        j++;
      }
      terms.add(folded.slice(i, j));
    }
    i = j;
  }
}

/** How to narrow the candidates for one clause: terms that must all be present. */
interface TermNeed {
  term: string;
  prefix: boolean;
}

/** The index terms a folded clause needs (see the top of the file and query.ts). */
function clauseNeeds(pattern: string): TermNeed[] {
  const needs: TermNeed[] = [];
  const segments = pattern.split(' ').filter(Boolean);
  segments.forEach((seg, k) => {
    const cls = charClass(seg.codePointAt(0) as number);
    if (cls === CharClass.Cjk) {
      const chars = Array.from(seg);
      if (chars.length === 1) needs.push({ term: seg, prefix: false });
      for (let i = 1; i < chars.length; i++) needs.push({ term: chars[i - 1] + chars[i], prefix: false });
    } else {
      needs.push({ term: seg, prefix: k === segments.length - 1 });
    }
  });
  return needs;
}

/** Document ids holding a term, in a typed array (4 bytes an entry) grown by half as needed. */
class Postings {
  ids = new Int32Array(4);
  length = 0;

  push(id: number): void {
    if (this.length === this.ids.length) {
      const bigger = new Int32Array(this.length + (this.length >> 1) + 4);
      bigger.set(this.ids);
      this.ids = bigger;
    }
    this.ids[this.length++] = id;
  }

  /** Keeps the ids `keep` maps to a non-negative number, renumbered to it; returns how many. */
  remap(keep: Int32Array): number {
    let w = 0;
    for (let r = 0; r < this.length; r++) {
      const id = keep[this.ids[r]];
      if (id >= 0) this.ids[w++] = id;
    }
    this.length = w;
    if (this.ids.length > w + (w >> 1) + 4) this.ids = this.ids.slice(0, w);
    return w;
  }
}

function lowerBound(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function byRank(a: Doc, b: Doc): number {
  return a.rank - b.rank || (a.talkId < b.talkId ? -1 : a.talkId > b.talkId ? 1 : 0);
}

export class SearchIndex {
  private docs: (Doc | undefined)[] = [];
  private live = 0;
  private readonly byTalk: Map<string, Doc>[] = Array.from({ length: TIERS }, () => new Map());
  private readonly postings = new Map<string, Postings>();
  private postingCount = 0;
  /** Latin words, sorted, for prefix lookups; newer words wait in `pendingWords`. */
  private words: string[] = [];
  private pendingWords: string[] = [];
  private order = new Map<string, number>();
  /** Documents of each tier in rank order; rebuilt when documents or the order change. */
  private ordered: Doc[][] | null = null;

  /** Sets the talk order results are ranked by (the notes tree's order). */
  setOrder(talkIds: readonly string[]): void {
    this.order = new Map(talkIds.map((id, i) => [id, i]));
    for (const doc of this.docs) if (doc) doc.rank = this.rankOf(doc.talkId);
    this.ordered = null;
  }

  setHeader(talkId: string, file: string, units: readonly HeaderUnit[]): void {
    const kept = units.filter(u => u.text.trim());
    this.put(
      HEADER,
      talkId,
      file,
      kept.map(u => u.text),
      kept.map(u => u.line ?? 0),
      kept.map(u => u.field),
    );
  }

  setNotes(talkId: string, file: string, lines: readonly TextUnit[]): void {
    this.putUnits(NOTES, talkId, file, lines);
  }

  setSlides(talkId: string, pdf: string, pages: readonly TextUnit[]): void {
    this.putUnits(SLIDES, talkId, pdf, pages);
  }

  removeSlides(talkId: string): void {
    this.drop(SLIDES, talkId);
  }

  /** Forgets everything about a talk. */
  removeTalk(talkId: string): void {
    for (let tier = 0; tier < TIERS; tier++) this.drop(tier, talkId);
  }

  /** Talks with anything indexed. */
  talkIds(): Set<string> {
    const ids = new Set<string>();
    for (const map of this.byTalk) for (const id of map.keys()) ids.add(id);
    return ids;
  }

  /** The PDF whose pages are indexed for a talk. */
  slidesOf(talkId: string): string | undefined {
    return this.byTalk[SLIDES].get(talkId)?.file;
  }

  stats(): IndexStats {
    let notesLines = 0;
    let slidePages = 0;
    let textChars = 0;
    for (const doc of this.docs) {
      if (!doc) continue;
      if (doc.tier === NOTES) notesLines += doc.texts.length;
      if (doc.tier === SLIDES) slidePages += new Set(doc.at).size;
      textChars += doc.folded.length;
      for (const t of doc.texts) textChars += t.length;
    }
    return { talks: this.talkIds().size, notesLines, slidePages, terms: this.postings.size, postings: this.postingCount, textChars };
  }

  search(query: string | Query, opts: SearchOptions = {}): SearchResult {
    const parsed = typeof query === 'string' ? parseQuery(query) : query;
    const limit = Math.max(1, opts.limit ?? DEFAULT_LIMIT);
    const hits: SearchHit[] = [];
    if (!parsed.clauses.length || !this.live) return { query: parsed, hits, more: false };
    const patterns = parsed.clauses.map(c => c.pattern);
    const candidates = this.candidates(patterns);
    if (candidates === null) return { query: parsed, hits, more: false };
    const ordered = this.orderedDocs();
    let more = false;
    outer: for (let tier = 0; tier < TIERS; tier++) {
      for (const doc of ordered[tier]) {
        if (candidates !== 'all' && !candidates[doc.id]) continue;
        let lastAt = -1;
        let stop = false;
        forEachMatchingUnit(doc.folded, doc.starts, patterns, unit => {
          // Pieces of one split line or page are one hit.
          if (doc.at[unit] === lastAt && doc.at[unit] !== 0) return true;
          lastAt = doc.at[unit];
          if (hits.length === limit) {
            more = stop = true;
            return false;
          }
          hits.push(this.hit(doc, unit, patterns, opts.snippetWidth));
          return true;
        });
        if (stop) break outer;
      }
    }
    return { query: parsed, hits, more };
  }

  // ---- building ---------------------------------------------------------------------------------

  private putUnits(tier: number, talkId: string, file: string, units: readonly TextUnit[]): void {
    const texts: string[] = [];
    const at: number[] = [];
    const offsets: number[] = [];
    for (const u of units) {
      if (!u.text.trim()) continue;
      let s = 0;
      while (s < u.text.length) {
        let e = Math.min(u.text.length, s + MAX_UNIT_CHARS);
        // Never split a surrogate pair.
        if (e < u.text.length && (u.text.charCodeAt(e) & 0xfc00) === 0xdc00) e++;
        texts.push(s === 0 && e === u.text.length ? u.text : u.text.slice(s, e));
        at.push(u.at);
        offsets.push(s);
        s = e;
      }
    }
    this.put(tier, talkId, file, texts, at, null, offsets.some(o => o > 0) ? offsets : null);
  }

  private put(
    tier: number,
    talkId: string,
    file: string,
    texts: string[],
    at: number[],
    fields: HitField[] | null,
    offsets: number[] | null = null,
  ): void {
    this.drop(tier, talkId);
    if (!texts.length) return;
    const folds = texts.map(fold);
    const starts: number[] = [];
    let offset = 0;
    for (const f of folds) {
      starts.push(offset);
      offset += f.length + 1;
    }
    const folded = folds.join('\n');
    const id = this.docs.length;
    const doc: Doc = { id, talkId, tier, file, folded, starts, texts, at, offsets, fields, rank: this.rankOf(talkId) };
    this.docs.push(doc);
    this.live++;
    this.byTalk[tier].set(talkId, doc);
    const terms = new Set<string>();
    collectTerms(folded, terms);
    for (const term of terms) {
      let list = this.postings.get(term);
      if (!list) {
        list = new Postings();
        this.postings.set(term, list);
        if (charClass(term.codePointAt(0) as number) !== CharClass.Cjk) this.pendingWords.push(term);
      }
      list.push(id);
    }
    this.postingCount += terms.size;
    this.ordered = null;
  }

  private drop(tier: number, talkId: string): void {
    const doc = this.byTalk[tier].get(talkId);
    if (!doc) return;
    this.byTalk[tier].delete(talkId);
    this.docs[doc.id] = undefined;
    this.live--;
    this.ordered = null;
    if (this.docs.length > 1024 && this.docs.length - this.live > this.live) this.compact();
  }

  /** Renumbers the live documents and drops dead ids from every posting list. */
  private compact(): void {
    const remap = new Int32Array(this.docs.length).fill(-1);
    const docs: Doc[] = [];
    for (const doc of this.docs) {
      if (!doc) continue;
      remap[doc.id] = docs.length;
      doc.id = docs.length;
      docs.push(doc);
    }
    let count = 0;
    for (const [term, list] of this.postings) {
      const w = list.remap(remap);
      if (!w) this.postings.delete(term);
      count += w;
    }
    this.docs = docs;
    this.postingCount = count;
    this.words = this.words.filter(w => this.postings.has(w));
    this.pendingWords = this.pendingWords.filter(w => this.postings.has(w));
  }

  private rankOf(talkId: string): number {
    return this.order.get(talkId) ?? Number.MAX_SAFE_INTEGER;
  }

  private orderedDocs(): Doc[][] {
    if (!this.ordered) {
      this.ordered = this.byTalk.map(map => [...map.values()].sort(byRank));
    }
    return this.ordered;
  }

  // ---- searching --------------------------------------------------------------------------------

  /**
   * Documents that hold every term the clauses need: a mark per document id, 'all' when no term
   * narrows anything down, null when some needed term is in no document at all.
   */
  private candidates(patterns: string[]): Uint8Array | 'all' | null {
    const lists: Postings[][] = [];
    const broad = BROAD_FACTOR * this.live;
    for (const pattern of patterns) {
      for (const need of clauseNeeds(pattern)) {
        const found = need.prefix ? this.prefixLists(need.term, broad) : this.exactList(need.term);
        if (found === 'broad') continue;
        if (!found.length) return null;
        lists.push(found);
      }
    }
    if (!lists.length) return 'all';
    // Counting intersection: a document is a candidate when every need saw it; the count only
    // moves from k to k+1 once per need, so ids listed under several terms of one need count once.
    const count = new Uint8Array(this.docs.length);
    const needs = Math.min(lists.length, 255);
    for (let k = 0; k < needs; k++) {
      for (const { ids, length } of lists[k]) {
        for (let i = 0; i < length; i++) if (count[ids[i]] === k) count[ids[i]] = k + 1;
      }
    }
    const marks = new Uint8Array(this.docs.length);
    let any = false;
    for (let id = 0; id < count.length; id++) {
      if (count[id] === needs && this.docs[id]) {
        marks[id] = 1;
        any = true;
      }
    }
    return any ? marks : null;
  }

  private exactList(term: string): Postings[] {
    const list = this.postings.get(term);
    return list ? [list] : [];
  }

  /** The posting lists of every word starting with `prefix`, or 'broad' when they add up to too many. */
  private prefixLists(prefix: string, broad: number): Postings[] | 'broad' {
    this.mergeWords();
    const out: Postings[] = [];
    let total = 0;
    const take = (word: string) => {
      const list = this.postings.get(word);
      if (!list?.length) return true;
      out.push(list);
      total += list.length;
      return total <= broad;
    };
    for (let i = lowerBound(this.words, prefix); i < this.words.length && this.words[i].startsWith(prefix); i++) {
      if (!take(this.words[i])) return 'broad';
    }
    for (const w of this.pendingWords) if (w.startsWith(prefix) && !take(w)) return 'broad';
    return out;
  }

  private mergeWords(): void {
    if (this.pendingWords.length < PENDING_WORDS && this.words.length) return;
    if (!this.pendingWords.length) return;
    const add = this.pendingWords.sort();
    const merged: string[] = new Array(this.words.length + add.length);
    let a = 0;
    let b = 0;
    let w = 0;
    while (a < this.words.length || b < add.length) {
      if (b >= add.length || (a < this.words.length && this.words[a] < add[b])) merged[w++] = this.words[a++];
      else merged[w++] = add[b++];
    }
    this.words = merged;
    this.pendingWords = [];
  }

  private hit(doc: Doc, unit: number, patterns: string[], width: number | undefined): SearchHit {
    const text = doc.texts[unit];
    const end = unit + 1 < doc.starts.length ? doc.starts[unit + 1] - 1 : doc.folded.length;
    const ranges = matchRanges(text, patterns, doc.folded.slice(doc.starts[unit], end));
    const snippet = makeSnippet(text, ranges, { width });
    const field: HitField = doc.fields ? doc.fields[unit] : doc.tier === NOTES ? 'notes' : 'slides';
    const at = doc.at[unit] || null;
    return {
      talkId: doc.talkId,
      field,
      file: doc.file,
      line: doc.tier === SLIDES ? null : at,
      page: doc.tier === SLIDES ? at : null,
      column: (doc.offsets?.[unit] ?? 0) + (ranges[0]?.[0] ?? 0),
      snippet,
      matched: ranges.length ? text.slice(ranges[0][0], ranges[0][1]) : '',
    };
  }
}
