import fs from "node:fs/promises";
import path from "node:path";

/** A path the importer was given that it could not use. */
export interface UnreadablePath {
  file: string;
  error: string;
}

const isDocumentName = (name: string) => name.toLowerCase().endsWith(".txt");

async function walk(dir: string, into: string[]) {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, into);
    else if (entry.isFile() && isDocumentName(entry.name)) into.push(full);
  }
}

/**
 * The documents to import, in a stable order: files as given, folders walked recursively for
 * `*.txt` in name order. Paths that do not exist are returned separately so they can be reported
 * as failures alongside the documents.
 */
export async function listDocumentFiles(paths: readonly string[]): Promise<{ files: string[]; unreadable: UnreadablePath[] }> {
  const files: string[] = [];
  const unreadable: UnreadablePath[] = [];
  for (const given of paths) {
    try {
      const stat = await fs.stat(given);
      if (stat.isDirectory()) await walk(given, files);
      else files.push(given);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      unreadable.push({ file: given, error: code === "ENOENT" ? "no such file or folder" : (error as Error).message });
    }
  }
  return { files, unreadable };
}
