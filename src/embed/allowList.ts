/** The `?allow=` list of an embed address: which page origins may ask; empty means any. */
export interface AllowList {
  /** Normalised origins ("https://example.com"); empty: every origin may ask. */
  origins: string[];
  /** Entries that are not origins (shown in the frame, so the embedding page's author sees the typo). */
  rejected: string[];
}

/** Reads `a,b` (each possibly URL-encoded, as embedUrl writes them) into origins; paths are cut to the origin. */
export function parseAllowList(raw: string | null): AllowList {
  const origins: string[] = [];
  const rejected: string[] = [];
  if (!raw) return { origins, rejected };
  for (const part of raw.split(',')) {
    let entry = part.trim();
    if (!entry) continue;
    try {
      entry = decodeURIComponent(entry);
    } catch {
      /* not encoded: read as it is */
    }
    try {
      const u = new URL(entry);
      if ((u.protocol === 'http:' || u.protocol === 'https:') && u.origin !== 'null') {
        if (!origins.includes(u.origin)) origins.push(u.origin);
        continue;
      }
    } catch {
      /* falls through to rejected */
    }
    rejected.push(entry.slice(0, 100));
  }
  return { origins, rejected };
}

export function originAllowed(list: AllowList, origin: string): boolean {
  return list.origins.length === 0 ? list.rejected.length === 0 : list.origins.includes(origin);
}
