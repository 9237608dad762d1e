import { describe, expect, it } from "vitest";
import { actionModulesByPage } from "./action-warm-up";

describe("actionModulesByPage", () => {
  it("lists each page's action modules once, from the build's server-reference manifest", () => {
    const manifest = {
      node: {
        a1: { workers: { "app/(desk)/desk/articles/[id]/page": { moduleId: 72997 }, "app/(desk)/desk/page": { moduleId: 100 } }, exportedName: "checkArticleAction" },
        a2: { workers: { "app/(desk)/desk/articles/[id]/page": { moduleId: 72997 } }, exportedName: "ignoreFindingAction" },
        a3: { workers: { "app/(desk)/desk/articles/[id]/page": { moduleId: 5 } }, exportedName: "publishArticleAction" },
      },
    };
    const byPage = actionModulesByPage(manifest);
    expect([...byPage.keys()]).toEqual(["app/(desk)/desk/articles/[id]/page", "app/(desk)/desk/page"]);
    expect([...byPage.get("app/(desk)/desk/articles/[id]/page")!]).toEqual([72997, 5]);
    expect([...byPage.get("app/(desk)/desk/page")!]).toEqual([100]);
  });

  it("is empty for a build without server actions", () => {
    expect(actionModulesByPage({}).size).toBe(0);
    expect(actionModulesByPage({ node: {} }).size).toBe(0);
  });
});
