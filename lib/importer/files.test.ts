import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UnreadableFileError, inBatches, listDocumentFiles, readDocumentFile } from "./files";
import { MAX_DOCUMENT_BYTES } from "./limits";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-files-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function tree(files: string[]) {
  const dir = fs.mkdtempSync(path.join(root, "t-"));
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), "x");
  }
  return dir;
}

describe("listDocumentFiles", () => {
  it("walks folders for .txt files in name order, folders after the files beside them", async () => {
    const dir = tree(["b.txt", "a.TXT", "notes.md", "sub/c.txt", "sub/deeper/d.txt", "a-sub/e.txt"]);
    const list = await listDocumentFiles([dir]);
    expect([...inBatches(list, 100)].flat().map((f) => path.relative(dir, f))).toEqual([
      "a.TXT",
      "b.txt",
      path.join("a-sub", "e.txt"),
      path.join("sub", "c.txt"),
      path.join("sub", "deeper", "d.txt"),
    ]);
    expect(list.count).toBe(5);
    expect(list.repeatedNames.size).toBe(0);
  });

  it("takes files as given, reports missing paths, lists a file given twice once", async () => {
    const dir = tree(["one.md", "two.txt"]);
    const one = path.join(dir, "one.md");
    const list = await listDocumentFiles([one, path.join(dir, "missing.txt"), one, dir]);
    expect([...inBatches(list, 10)].flat()).toEqual([one, path.join(dir, "two.txt")]);
    expect(list.unreadable).toEqual([{ file: path.join(dir, "missing.txt"), error: "no such file or folder" }]);
  });

  it("names the first file of a name found in two folders", async () => {
    const dir = tree(["x/same.txt", "y/same.txt"]);
    const list = await listDocumentFiles([dir]);
    expect(list.repeatedNames).toEqual(new Map([["same.txt", path.join(path.resolve(dir), "x", "same.txt")]]));
  });

  it("hands out batches of the requested size", async () => {
    const dir = tree(["1.txt", "2.txt", "3.txt", "4.txt", "5.txt"]);
    const sizes = [...inBatches(await listDocumentFiles([dir]), 2)].map((batch) => batch.length);
    expect(sizes).toEqual([2, 2, 1]);
  });
});

describe("what the importer refuses to read (issue 8, defect 9)", () => {
  const mkfifo = (file: string) => execFileSync("mkfifo", [file]);

  it("reports FIFOs, devices, oversize files and folder links found in a folder, and follows links to files", async () => {
    const dir = tree(["a.txt", "real/b.txt"]);
    mkfifo(path.join(dir, "fifo.txt"));
    // A sparse 50 MB file: no disk used, and reading it would take the whole 50 MB.
    const big = path.join(dir, "big.txt");
    fs.writeFileSync(big, "");
    fs.truncateSync(big, 50 * 1024 * 1024);
    fs.symlinkSync(path.join(dir, "real", "b.txt"), path.join(dir, "linked.txt"));
    fs.symlinkSync(path.join(dir, "real"), path.join(dir, "linked-folder"));
    fs.symlinkSync(path.join(dir, "missing.txt"), path.join(dir, "broken.txt"));
    fs.symlinkSync("/dev/zero", path.join(dir, "zero.txt"));
    fs.symlinkSync("/dev/zero", path.join(dir, "zero-not-a-document"));

    const list = await listDocumentFiles([dir]);
    expect([...inBatches(list, 100)].flat().map((f) => path.relative(dir, f))).toEqual([
      "a.txt",
      "big.txt", // its size is judged when it is opened (below): one stat per file
      "linked.txt",
      path.join("real", "b.txt"),
    ]);
    expect(list.unreadable.map(({ file, error }) => [path.relative(dir, file), error])).toEqual([
      ["broken.txt", "a broken symbolic link; it was not read"],
      ["fifo.txt", "not a regular file (a FIFO); it was not read"],
      ["linked-folder", "a symbolic link to a folder; links to folders are not followed (import the folder itself)"],
      ["zero.txt", "a symbolic link to a character device, not a regular file; it was not read"],
    ]);
    expect(() => readDocumentFile(big)).toThrow(
      new UnreadableFileError(
        `the file is 52,428,800 bytes; a document is at most ${MAX_DOCUMENT_BYTES.toLocaleString("en")} bytes (the editor's limits); it was not read`,
      ),
    );
    expect(readDocumentFile(path.join(dir, "linked.txt")).toString()).toBe("x");
  });

  it("refuses FIFOs, /dev/zero and oversize files given by name, from their stat, without reading them", async () => {
    const dir = tree([]);
    const fifo = path.join(dir, "given-fifo.txt");
    mkfifo(fifo);
    const big = path.join(dir, "given-big.txt");
    fs.writeFileSync(big, "");
    fs.truncateSync(big, MAX_DOCUMENT_BYTES + 1);
    const list = await listDocumentFiles([fifo, "/dev/zero", big]);
    expect(list.count).toBe(0);
    expect(list.unreadable).toEqual([
      { file: fifo, error: "not a regular file (a FIFO); it was not read" },
      { file: "/dev/zero", error: "not a regular file (a character device); it was not read" },
      { file: big, error: expect.stringMatching(/^the file is [\d,]+ bytes; a document is at most [\d,]+ bytes/) },
    ]);
    // A FIFO swapped in after the listing does not block the read either.
    expect(() => readDocumentFile(fifo)).toThrow("not a regular file (a FIFO)");
    expect(() => readDocumentFile("/dev/zero")).toThrow("not a regular file (a character device)");
  });

  it("sets the size limit from the editor's limits", () => {
    // All the text an article can hold, at 3 UTF-8 bytes per UTF-16 unit, fits.
    expect(MAX_DOCUMENT_BYTES).toBeGreaterThanOrEqual(3 * (200_000 + 500 * 3_000 + 800));
    expect(MAX_DOCUMENT_BYTES).toBe(6 * 1024 * 1024);
  });
});
