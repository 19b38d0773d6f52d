// A file system that remembers folder listings for the length of one cold load: the library lists
// a root's folders to tell conferences from tracks, and each conference's index lists the same
// folders again to load them — with this, every folder is listed once. Stopped after the load, so
// later updates always see the disk as it is.
import type { DirEntry, NotesFileSystem } from './fileSystem';

export interface ListingCache extends NotesFileSystem {
  /** Forgets every listing and passes every later call straight through. */
  stop(): void;
}

export function listingCache(base: NotesFileSystem): ListingCache {
  let listings: Map<string, Promise<DirEntry[]>> | null = new Map();
  const fs: ListingCache = {
    readPrefix: (p, maxBytes) => base.readPrefix(p, maxBytes),
    readDirectory(p) {
      if (!listings) return base.readDirectory(p);
      let listing = listings.get(p);
      if (!listing) {
        listing = base.readDirectory(p);
        listings.set(p, listing);
      }
      return listing;
    },
    stat: p => base.stat(p),
    inspect: (root, p) => base.inspect(root, p),
    stop() {
      listings = null;
    },
  };
  // Only when the base has it: the index takes its fast synchronous path when it is there.
  const shared = base.readPrefixShared;
  if (shared) fs.readPrefixShared = (p, maxBytes) => shared.call(base, p, maxBytes);
  return fs;
}
