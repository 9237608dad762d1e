import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

// Next loads a page's entry when the server starts (preloadEntriesOnStart), but a server action's
// module, and everything it imports (the article schemas built from the editor's extension list,
// zod, the fact-check's and the importer's lib code), is evaluated only when the first request
// calls it: the desk's first fact-check after a start paid for that on top of its own work. Once
// the server listens, this evaluates every server action module in the background, one at a time,
// through the same loader Next's action handler uses (`__next_app__.require` of the page's entry,
// the module id from the build's server-reference manifest). Nothing is called and no request is
// made: an action still runs only for a request that passes its session and role check.

interface ActionManifest {
  node?: Record<string, { workers?: Record<string, { moduleId: string | number }> }>;
}

interface PageEntry {
  __next_app__?: { require(id: string | number): unknown };
}

/** Each page's action modules, from the build's manifest (empty when there is none). */
export function actionModulesByPage(manifest: ActionManifest): Map<string, Set<string | number>> {
  const byPage = new Map<string, Set<string | number>>();
  for (const action of Object.values(manifest.node ?? {})) {
    for (const [page, worker] of Object.entries(action.workers ?? {})) {
      const modules = byPage.get(page) ?? new Set();
      modules.add(worker.moduleId);
      byPage.set(page, modules);
    }
  }
  return byPage;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Evaluates the build's server action modules (`distDir`: the `.next` folder), yielding to
 * requests between modules; resolves with how many it loaded. A module shared by several pages is
 * evaluated once (Next's runtime keeps one instance per module), later pages find it loaded.
 */
export async function warmServerActions(distDir: string): Promise<number> {
  const manifestFile = path.join(distDir, "server", "server-reference-manifest.json");
  if (!fs.existsSync(manifestFile)) return 0;
  const byPage = actionModulesByPage(JSON.parse(fs.readFileSync(manifestFile, "utf8")) as ActionManifest);
  // The same module cache Next's server requires page entries through.
  const requireEntry = createRequire(manifestFile);
  let loaded = 0;
  for (const [page, modules] of byPage) {
    await nextTurn();
    const app = (requireEntry(path.join(distDir, "server", `${page}.js`)) as PageEntry).__next_app__;
    if (!app) continue;
    for (const id of modules) {
      await nextTurn();
      await app.require(id);
      loaded++;
    }
  }
  return loaded;
}
