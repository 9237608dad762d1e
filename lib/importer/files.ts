import fsSync from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { MAX_DOCUMENT_BYTES } from "./limits";

// What the importer reads. Only regular files are read, and only up to MAX_DOCUMENT_BYTES, judged
// from their size before reading: a FIFO or a device (/dev/zero) would block or never end, and a
// 50 MB file cannot be a document the editor could hold. Symbolic links to files are followed
// (the link's name is the document's name); links to folders are not (they could loop or leave
// the tree given): they are reported, like every other path not read, with the reason.

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

function kindOf(stat: fsSync.Stats): string {
  if (stat.isFIFO()) return "a FIFO";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isSocket()) return "a socket";
  if (stat.isDirectory()) return "a folder";
  return "not a regular file";
}

const notRegular = (stat: fsSync.Stats) => `not a regular file (${kindOf(stat)}); it was not read`;
const tooBig = (size: number) =>
  `the file is ${size.toLocaleString("en")} bytes; a document is at most ${MAX_DOCUMENT_BYTES.toLocaleString("en")} bytes ` +
  "(the editor's limits); it was not read";

/** Why a file found by stat cannot be imported, or null. */
function refusal(stat: fsSync.Stats): string | null {
  if (!stat.isFile()) return notRegular(stat);
  if (stat.size > MAX_DOCUMENT_BYTES) return tooBig(stat.size);
  return null;
}

async function walk(dir: string, groups: DocumentList["groups"], unreadable: UnreadablePath[]) {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const names: string[] = [];
  const folders: string[] = [];
  for (const entry of entries.sort((a, b) => byName(a.name, b.name))) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) folders.push(entry.name);
    else if (entry.isFile()) {
      // Sizes are checked when the file is opened (readDocumentFile): one stat per file, not two.
      if (isDocumentName(entry.name)) names.push(entry.name);
    } else if (entry.isSymbolicLink()) {
      const target = await fs.stat(file).catch(() => null);
      if (target?.isDirectory()) unreadable.push({ file, error: "a symbolic link to a folder; links to folders are not followed (import the folder itself)" });
      else if (!isDocumentName(entry.name)) continue;
      else if (!target) unreadable.push({ file, error: "a broken symbolic link; it was not read" });
      else if (target.isFile()) names.push(entry.name);
      else unreadable.push({ file, error: `a symbolic link to ${kindOf(target)}, not a regular file; it was not read` });
    } else if (isDocumentName(entry.name)) {
      unreadable.push({ file, error: notRegular(fsSync.lstatSync(file)) });
    }
  }
  if (names.length > 0) groups.push({ dir, names });
  for (const folder of folders) await walk(path.join(dir, folder), groups, unreadable);
}

/** Thrown by `readDocumentFile` for a file it will not read; the message says why. */
export class UnreadableFileError extends Error {
  override name = "UnreadableFileError";
}

/**
 * A document's bytes. Opened without blocking (a FIFO put in its place cannot hang the import),
 * then judged by fstat of the open file, so what is read is what was checked.
 */
export function readDocumentFile(file: string): Buffer {
  const fd = fsSync.openSync(file, fsSync.constants.O_RDONLY | fsSync.constants.O_NONBLOCK);
  try {
    const stat = fsSync.fstatSync(fd);
    const refused = refusal(stat);
    if (refused) throw new UnreadableFileError(refused);
    const bytes = Buffer.allocUnsafe(stat.size);
    let length = 0;
    while (length < stat.size) {
      const read = fsSync.readSync(fd, bytes, length, stat.size - length, length);
      if (read === 0) break;
      length += read;
    }
    return length === stat.size ? bytes : bytes.subarray(0, length);
  } finally {
    fsSync.closeSync(fd);
  }
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
      // A path given is followed if it is a link: naming it is asking for it.
      const stat = await fs.stat(given);
      const refused = stat.isDirectory() ? null : refusal(stat);
      if (stat.isDirectory()) await walk(given, groups, unreadable);
      else if (refused) unreadable.push({ file: given, error: refused });
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
