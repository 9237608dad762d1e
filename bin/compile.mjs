// Compiles the CLI, the server and the worker threads' code to plain JavaScript (esbuild), once
// per version of the sources, so `copydesk start` and the other commands run no TypeScript loader.
// tsx at run time cost the server a loader thread per JavaScript thread (module.register hooks run
// on a thread of their own, with its own V8 heap) and its transpile work; the compiled code is also
// parsed once, as one set of files, instead of module by module. `run-script` (the benchmarks and
// the evaluation, which are TypeScript files named on the command line) and the tests still run
// the sources through tsx (bin/typescript-loader.mjs).
//
// The output goes to dist/<hash of the sources>/: a start after an edit compiles again (about a
// second), an unchanged checkout reuses what is there, and two processes starting at once each
// build into a folder of their own and keep whichever was renamed into place first. Packages in
// node_modules are not bundled: they are imported from there at run time, as before.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "./typescript-loader.mjs";

/** What the compiled code is made from. */
const INPUTS = ["lib", "server", "scripts/cli", "bin", "package.json", "package-lock.json", "tsconfig.json"];
/** The programs: the CLI, and one per kind of worker thread (their entry files load them). */
export const ENTRY_POINTS = {
  cli: "scripts/cli/main.ts",
  "factcheck-worker": "lib/factcheck/worker.ts",
  "grammar-worker": "lib/factcheck/grammar-worker.ts",
  "prepare-worker": "lib/importer/prepare-worker.ts",
};
/** Older builds kept: a server still running from one may start a worker from it. */
const KEEP_BUILDS = 3;

const distRoot = path.join(projectRoot, "dist");

/** A hash of the inputs' contents (tests excluded): a checkout or a touch that changes nothing reuses the build. */
function sourceHash() {
  const hash = createHash("sha256");
  const visit = (relative) => {
    const absolute = path.join(projectRoot, relative);
    let stat;
    try {
      stat = fs.statSync(absolute);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(absolute).sort()) visit(path.join(relative, entry));
    } else if (!/\.test\.ts$/.test(relative) && /\.(ts|mts|mjs|js|json)$/.test(relative)) {
      hash.update(`${relative}\0${stat.size}\0`);
      hash.update(fs.readFileSync(absolute));
    }
  };
  INPUTS.forEach(visit);
  return hash.digest("hex").slice(0, 16);
}

/**
 * Bare imports stay imports of node_modules. One fix: a package without an `exports` map (next)
 * is imported by file under Node's ESM rules ("next/cache.js", not "next/cache"), which a bundler
 * and tsx resolve for you but Node's own loader does not.
 */
const nodeModulesPlugin = {
  name: "copydesk-node-modules",
  setup(build) {
    const require = createRequire(path.join(projectRoot, "package.json"));
    build.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "copydesk-empty" }));
    // `server-only` guards modules from browser bundles; in a Node process or thread it has nothing to guard.
    build.onLoad({ filter: /.*/, namespace: "copydesk-empty" }, () => ({ contents: "", loader: "js" }));
    build.onResolve({ filter: /^(?:@[^/]+\/)?[^./@][^/]*\/./ }, ({ path: specifier }) => {
      const scoped = specifier.startsWith("@");
      const parts = specifier.split("/");
      const name = parts.slice(0, scoped ? 2 : 1).join("/");
      let manifest;
      try {
        manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, "node_modules", name, "package.json"), "utf8"));
      } catch {
        return undefined;
      }
      if (manifest.exports) return { path: specifier, external: true };
      const file = require.resolve(specifier);
      const packageDir = path.join(projectRoot, "node_modules", name);
      return { path: `${name}/${path.relative(packageDir, file).split(path.sep).join("/")}`, external: true };
    });
  },
};

async function compile(outdir) {
  // esbuild is required here, not at the top: a process whose build is current never loads it.
  const esbuild = await import("esbuild");
  await esbuild.build({
    absWorkingDir: projectRoot,
    entryPoints: ENTRY_POINTS,
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    tsconfig: path.join(projectRoot, "tsconfig.json"),
    outExtension: { ".js": ".mjs" },
    // Class and function names as written: errors are told apart by name in places.
    keepNames: true,
    // For `node --enable-source-maps`; nothing reads them otherwise.
    sourcemap: "linked",
    logLevel: "warning",
    plugins: [nodeModulesPlugin],
  });
}

/** Removes all but the newest KEEP_BUILDS builds, and abandoned temporary folders. */
function prune(current) {
  const entries = fs
    .readdirSync(distRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== current)
    .map((entry) => ({ name: entry.name, mtime: fs.statSync(path.join(distRoot, entry.name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  const hour = 60 * 60 * 1000;
  for (const [index, entry] of entries.entries()) {
    const temporary = entry.name.startsWith(".");
    if (temporary ? Date.now() - entry.mtime > hour : index >= KEEP_BUILDS - 1) {
      fs.rmSync(path.join(distRoot, entry.name), { recursive: true, force: true });
    }
  }
}

/** The folder of the compiled code for the sources as they are, compiled first if needed. */
export async function ensureCompiled() {
  const hash = sourceHash();
  const dir = path.join(distRoot, hash);
  if (fs.existsSync(path.join(dir, "cli.mjs"))) return dir;
  fs.mkdirSync(distRoot, { recursive: true });
  const temporary = path.join(distRoot, `.${hash}-${process.pid}`);
  fs.rmSync(temporary, { recursive: true, force: true });
  await compile(temporary);
  try {
    fs.renameSync(temporary, dir);
  } catch (error) {
    // Another process put the same build in place first.
    fs.rmSync(temporary, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dir, "cli.mjs"))) throw error;
  }
  prune(hash);
  return dir;
}
