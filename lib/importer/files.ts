import fs from "node:fs/promises";
import path from "node:path";

/** A path the importer was given that it could not use. */
export interface UnreadablePath {
  file: string;
  error: string;
}

/**
 * The documents to import, in a stable order. Kept as file names per folder rather than full
 * paths: for a folder of 50,000 documents that is the one thing the importer holds for all of
 * them, so it is kept small.
 */
export interface DocumentList {
  groups: Array<{ dir: string; names: string[] }>;
  count: number;
  unreadable: UnreadablePath[];
  /** For each file name found in more than one folder: the path of its first file. */
  repeatedNames: Map<string, string>;
}

const isDocumentName = (name: string) => name.toLowerCase().endsWith(".txt");
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function walk(dir: string, groups: DocumentList["groups"]) {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const names: string[] = [];
  const folders: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) folders.push(entry.name);
    else if (entry.isFile() && isDocumentName(entry.name)) names.push(entry.name);
  }
  if (names.length > 0) groups.push({ dir, names: names.sort(byName) });
  for (const folder of folders.sort(byName)) await walk(path.join(dir, folder), groups);
}

/**
 * Files as given, folders walked recursively for `*.txt` in name order. Paths that do not exist
 * are returned separately so they can be reported as failures alongside the documents.
 */
export async function listDocumentFiles(paths: readonly string[]): Promise<DocumentList> {
  const groups: DocumentList["groups"] = [];
  const unreadable: UnreadablePath[] = [];
  for (const given of paths) {
    try {
      const stat = await fs.stat(given);
      if (stat.isDirectory()) await walk(given, groups);
      else groups.push({ dir: path.dirname(given), names: [path.basename(given)] });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      unreadable.push({ file: given, error: code === "ENOENT" ? "no such file or folder" : (error as Error).message });
    }
  }

  // Names repeat only across folders, or when a file is given twice (then it is listed once), so
  // a single folder needs no check.
  const repeatedNames = new Map<string, string>();
  if (groups.length > 1) {
    const seen = new Map<string, string>();
    for (const group of groups) {
      const dir = path.resolve(group.dir);
      group.names = group.names.filter((name) => {
        const first = seen.get(name);
        if (first === undefined) seen.set(name, dir);
        else if (first === dir) return false;
        else if (!repeatedNames.has(name)) repeatedNames.set(name, path.join(first, name));
        return true;
      });
    }
  }
  const count = groups.reduce((sum, group) => sum + group.names.length, 0);
  return { groups, count, unreadable, repeatedNames };
}

/** The list's paths, `size` at a time. */
export function* inBatches(list: DocumentList, size: number): Generator<string[]> {
  let batch: string[] = [];
  for (const group of list.groups) {
    for (const name of group.names) {
      batch.push(path.join(group.dir, name));
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}
