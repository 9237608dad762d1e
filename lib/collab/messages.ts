import { z } from "zod";

// The stateless messages the collab server sends a story's editors about its stores, shared by the
// server (which writes them) and the browser (which parses them: whatever arrives over the socket
// is checked before it reaches the editor's state).

/**
 * The live document was stored as the draft. It carries what the desk shows of that version, so
 * no editor reads the page again after a store (a read per store per editor, racing a server that
 * is shutting down).
 */
export const savedMessageSchema = z.object({
  type: z.literal("saved"),
  version: z.number().int().positive(),
  savedAt: z.string(),
  /** The stored version reads differently from what readers were last given (PublishState.hasUnpublishedChanges). */
  hasUnpublishedChanges: z.boolean(),
  /** Who last changed the draft; null when nobody has since its import. */
  savedBy: z.string().nullable(),
});

/** The live document could not become the draft (the schema refused it) or could not be stored (retrying). */
const problemMessageSchema = z.union([
  z.object({ type: z.literal("refused"), message: z.string(), field: z.string().nullable() }),
  z.object({ type: z.literal("error"), message: z.string() }),
]);

export const storeMessageSchema = z.union([savedMessageSchema, problemMessageSchema]);

export type SavedMessage = z.infer<typeof savedMessageSchema>;
export type StoreMessage = z.infer<typeof storeMessageSchema>;

/** A stateless payload as a store message, or null (not JSON, another kind of message, or malformed). */
export function parseStoreMessage(payload: string): StoreMessage | null {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return null;
  }
  const parsed = storeMessageSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
