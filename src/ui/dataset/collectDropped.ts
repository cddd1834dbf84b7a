import type { FileRef } from '../../data/loader/types';

// Minimal typings for the File and Directory Entries API (not in TypeScript's DOM lib in full).
interface FsEntry {
  isFile: boolean;
  isDirectory: boolean;
  fullPath: string;
  file?: (ok: (f: File) => void, fail: (e: unknown) => void) => void;
  createReader?: () => { readEntries(ok: (entries: FsEntry[]) => void, fail: (e: unknown) => void): void };
}

async function walk(entry: FsEntry, out: FileRef[]): Promise<void> {
  if (entry.isFile && entry.file) {
    const file = await new Promise<File>((ok, fail) => entry.file!(ok, fail));
    out.push({ path: entry.fullPath.replace(/^\//, ''), file });
  } else if (entry.isDirectory && entry.createReader) {
    const reader = entry.createReader();
    // readEntries returns the listing in batches; an empty batch ends it.
    for (;;) {
      const batch = await new Promise<FsEntry[]>((ok, fail) => reader.readEntries(ok, fail));
      if (batch.length === 0) break;
      for (const e of batch) await walk(e, out);
    }
  }
}

/** Files from a drop, folders walked recursively so their sub-folder names (the classes) are kept. */
export async function collectDropped(dt: DataTransfer): Promise<FileRef[]> {
  const out: FileRef[] = [];
  const entries: FsEntry[] = [];
  for (const item of Array.from(dt.items)) {
    const entry = (item as unknown as { webkitGetAsEntry?: () => FsEntry | null }).webkitGetAsEntry?.();
    if (entry) entries.push(entry);
  }
  if (entries.length === 0) {
    for (const f of Array.from(dt.files)) out.push({ path: f.name, file: f });
    return out;
  }
  for (const e of entries) await walk(e, out);
  return out;
}

/** Files from an <input type=file>, with folder-relative paths when a folder was picked. */
export function collectPicked(list: FileList): FileRef[] {
  return Array.from(list).map((f) => ({ path: (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name, file: f }));
}
