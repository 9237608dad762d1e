import "server-only";
import { createHash } from "node:crypto";
import type { Prisma } from "@/lib/db/generated/client";
import { readStoredSnapshot, StoredSnapshotError, type ArticleSnapshot } from "./snapshot";

// How a Revision holds its snapshot (prisma/schema.prisma), written and read only here. Two forms:
//   snapshot  the whole snapshot (imports, the importer's and the bulk section move's revisions,
//             every revision written before pieces existed)
//   pieces    the snapshot with its body and each photo replaced by a hash: {headline, standfirst,
//             body: "<hash>", photos: ["<hash>", …], taxonomy?}. The body and photos are
//             RevisionPiece rows the article's revisions share, so a save of a 500-photo article
//             whose one caption changed writes that photo's piece and ~12 KB of hashes, not the
//             ~200 KB article (building, compressing and logging that cost a save 16–50 ms).
// Readers get the whole snapshot either way: `readRevisionSnapshot` in TypeScript,
// `revisionSnapshotSql` inside a statement (publish compares and copies it in PostgreSQL).

type Client = Pick<Prisma.TransactionClient, "$queryRawUnsafe" | "$executeRawUnsafe">;

/** A piece's name: its JSON's SHA-256, 132 bits of it. Equal JSON, one piece; key order is buildSnapshot's. */
function pieceHash(json: string): string {
  return createHash("sha256").update(json).digest("base64url").slice(0, 22);
}

interface PiecesForm {
  manifest: Record<string, unknown>;
  pieces: Map<string, string>;
}

function piecesOf(snapshot: ArticleSnapshot): PiecesForm {
  const pieces = new Map<string, string>();
  const piece = (value: unknown) => {
    const json = JSON.stringify(value ?? null);
    const hash = pieceHash(json);
    pieces.set(hash, json);
    return hash;
  };
  const { body, photos, ...rest } = snapshot;
  return { manifest: { ...rest, body: piece(body), photos: photos.map(piece) }, pieces };
}

/** Stores the pieces the article does not have yet; returns the manifest's JSON. */
async function storePieces(tx: Client, articleId: string, snapshot: ArticleSnapshot): Promise<string> {
  const { manifest, pieces } = piecesOf(snapshot);
  const missing = await tx.$queryRawUnsafe<Array<{ hash: string }>>(
    `SELECT h AS hash FROM unnest($2::text[]) AS h
      WHERE NOT EXISTS (SELECT 1 FROM "RevisionPiece" p WHERE p."articleId" = $1 AND p."hash" = h)`,
    articleId,
    [...pieces.keys()],
  );
  if (missing.length > 0) {
    // Sorted, so two transactions adding pieces to one article lock them in one order.
    const hashes = missing.map((row) => row.hash).sort();
    await tx.$executeRawUnsafe(
      `INSERT INTO "RevisionPiece" ("articleId", "hash", "content")
       SELECT $1, p.hash, p.content::jsonb FROM unnest($2::text[], $3::text[]) AS p(hash, content)
       ON CONFLICT DO NOTHING`,
      articleId,
      hashes,
      hashes.map((hash) => pieces.get(hash)!),
    );
  }
  return JSON.stringify(manifest);
}

/** Records a new revision holding `snapshot` (what the write has just made the article). */
export async function insertRevisionSnapshot(
  tx: Client,
  row: { id: string; articleId: string; version: number; kind: "save" | "restore"; authorId: string | null; summary: string; createdAt: Date },
  snapshot: ArticleSnapshot,
): Promise<void> {
  const manifest = await storePieces(tx, row.articleId, snapshot);
  await tx.$executeRawUnsafe(
    `INSERT INTO "Revision" ("id", "articleId", "version", "kind", "authorId", "createdAt", "summary", "pieces")
     VALUES ($1, $2, $3, $4::"RevisionKind", $5, $6::timestamp(3), $7, $8::jsonb)`,
    row.id,
    row.articleId,
    row.version,
    row.kind,
    row.authorId,
    row.createdAt.toISOString(),
    row.summary,
    manifest,
  );
}

/** Makes an existing revision hold `snapshot` (a live session's save folded into its author's last one). */
export async function rewriteRevisionSnapshot(
  tx: Client,
  revisionId: string,
  row: { articleId: string; version: number; summary: string },
  snapshot: ArticleSnapshot,
): Promise<void> {
  const manifest = await storePieces(tx, row.articleId, snapshot);
  await tx.$executeRawUnsafe(
    `UPDATE "Revision" SET "version" = $2, "summary" = $3, "snapshot" = NULL, "pieces" = $4::jsonb WHERE "id" = $1`,
    revisionId,
    row.version,
    row.summary,
    manifest,
  );
}

/**
 * The whole snapshot of the Revision row `alias` as a jsonb expression, whichever form it has:
 * for statements that compare or copy it inside PostgreSQL. Put together as json (text) and
 * parsed once: jsonb_agg over a long article's 500 photos rebuilt each one (30–50 ms on a busy
 * machine against 9–27 ms this way; a 200 KB text parses into jsonb in ~5 ms).
 */
export function revisionSnapshotSql(alias: string): string {
  return `coalesce(${alias}."snapshot", (${alias}."pieces" - 'body' - 'photos') || json_build_object(
    'body', (SELECT x."content" FROM "RevisionPiece" x WHERE x."articleId" = ${alias}."articleId" AND x."hash" = ${alias}."pieces"->>'body'),
    'photos', coalesce((SELECT json_agg(x."content" ORDER BY m.i)
                          FROM jsonb_array_elements_text(${alias}."pieces"->'photos') WITH ORDINALITY AS m(hash, i)
                          JOIN "RevisionPiece" x ON x."articleId" = ${alias}."articleId" AND x."hash" = m.hash), '[]'::json))::jsonb)`;
}

/**
 * The snapshot of an article's revision `version`, whichever form it has, or null when there is
 * no such revision; a row that does not read as a snapshot is a StoredSnapshotError. The pieces
 * come back as one JSON text (json, not jsonb: PostgreSQL writes it out without building it).
 */
export async function readRevisionSnapshot(client: Client, articleId: string, version: number): Promise<ArticleSnapshot | null> {
  const rows = await client.$queryRawUnsafe<Array<{ snapshot: unknown; pieces: Record<string, unknown> | null; contents: string | null }>>(
    `SELECT r."snapshot", r."pieces",
            CASE WHEN r."pieces" IS NULL THEN NULL ELSE (
              SELECT json_object_agg(x."hash", x."content")::text FROM "RevisionPiece" x
               WHERE x."articleId" = r."articleId"
                 AND x."hash" IN (SELECT r."pieces"->>'body' UNION ALL SELECT jsonb_array_elements_text(r."pieces"->'photos'))) END AS contents
       FROM "Revision" r WHERE r."articleId" = $1 AND r."version" = $2`,
    articleId,
    version,
  );
  if (rows.length === 0) return null;
  const where = `Version ${version} of article ${articleId}`;
  const [{ snapshot, pieces, contents }] = rows;
  if (!pieces) return readStoredSnapshot(snapshot, where);
  const byHash = JSON.parse(contents ?? "{}") as Record<string, unknown>;
  const piece = (hash: unknown) => {
    if (typeof hash === "string" && Object.hasOwn(byHash, hash)) return byHash[hash];
    throw new StoredSnapshotError(where, `piece ${JSON.stringify(hash)} is missing`);
  };
  const { body, photos, ...rest } = pieces;
  return readStoredSnapshot({ ...rest, body: piece(body), photos: Array.isArray(photos) ? photos.map(piece) : photos }, where);
}
