import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inBatches, listDocumentFiles } from "./files";

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
