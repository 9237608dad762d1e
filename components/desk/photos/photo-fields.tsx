"use client";

import { useEffect, useRef, useState } from "react";
import { CreditPicker, type CreditPickerActions } from "@/components/desk/editor/credit-picker";
import type { DraftPhoto } from "@/components/desk/editor/draft";
import { errorsFor } from "@/components/desk/editor/field-errors";
import { RichTextEditor, type RichTextEditorProps } from "@/components/desk/editor/rich-text-editor";
import type { DraftUpdate } from "@/components/desk/editor/use-draft";
import type { LiveSession } from "@/components/desk/collab/use-live-session";
import { TextField } from "@/components/ui";
import type { EditableCredit } from "@/lib/articles/edit-schema";
import type { ArticleForEditing } from "@/lib/articles/editing";
import { altField, captionField } from "@/lib/collab/document";
import { captionFromText } from "@/lib/editor/text";
import type { FieldErrors } from "@/lib/errors";
import { applyPrefill, prefillProposal, type PrefillProposal } from "@/lib/media/prefill";
import type { PickedImage } from "@/lib/media/library";
import { AddFromLibrary, type LibraryPickerActions } from "./add-from-library";
import { AddPhotos } from "./add-photos";
import { PhotoImageField, type DeskImage, type UploadAnswer } from "./photo-image-field";
import { PhotoOrderControls, movePhoto } from "./photo-order-controls";
import { PrefillReview } from "./prefill-review";

export interface PhotoFieldsProps {
  /** The article's photos as the page loaded them (their images). */
  photos: ArticleForEditing["photos"];
  /** The working copy of the photos, in reading order: added, removed and moved photos included. */
  draft: DraftPhoto[];
  /** What the caption editors were created with; a new key remounts them. */
  seed: { key: number; photos: DraftPhoto[] };
  fieldErrors: FieldErrors;
  /** The credits the pickers offer without a search (the article's own, and those met here). */
  credits: readonly EditableCredit[];
  creditActions: CreditPickerActions;
  /** Credits met here (made in a picker, named by an uploaded file) for every picker to offer. */
  onCredits: (credits: ReadonlyArray<EditableCredit | null>) => void;
  /** Changes the working copy (co-editing: the live document, through the live editor's update). */
  update: DraftUpdate;
  /** Co-editing: captions and alt texts are views of the live document's fields. */
  live?: LiveSession;
  /** The `onEditor` callback of the rich-text editor of a field key ("caption:<photoId>"). */
  editorRef: (fieldKey: string) => RichTextEditorProps["onEditor"];
  /** The media library's picker ("Add from library"). */
  library: LibraryPickerActions;
}

/** The id of a photo's alt-text input (the fact-check panel's missing-alt finding focuses it). */
export const altInputId = (photoId: string) => `photo-alt-${photoId}`;

const ALT_HINT = "What the photo shows, for readers who cannot see it.";

/**
 * Every photo of the article: its image and focal point, caption, alt text and credit; adding
 * photos by upload (the file's caption and credit offered for the editor to confirm), removing and
 * reordering them (drag and drop, or the Up/Down buttons from the keyboard).
 */
export function PhotoFields({ photos, draft, seed, fieldErrors, credits, creditActions, onCredits, update, live, editorRef, library }: PhotoFieldsProps) {
  // Images by id: those of the article as the page has it now (co-editing: with others' uploads
  // once stored), plus uploads made here.
  const [uploaded, setImages] = useState<Record<string, DeskImage>>({});
  const images: Record<string, DeskImage> = {
    ...Object.fromEntries(photos.flatMap((photo) => (photo.image ? [[photo.image.id, photo.image]] : []))),
    ...uploaded,
  };
  // What uploaded files propose, per photo, until the editor uses or dismisses it.
  const [proposals, setProposals] = useState<Record<string, PrefillProposal>>({});
  // Captions set from outside the caption editor (a file's caption): the editor remounts with it.
  const [captionSeeds, setCaptionSeeds] = useState<Record<string, { revision: number; caption: DraftPhoto["caption"] }>>({});
  const [dragging, setDragging] = useState<number | null>(null);
  const [dropTarget, setDropTarget] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const photoRefs = useRef(new Map<string, HTMLFieldSetElement>());
  // The photo just moved, until the list shows it in its new place (co-editing: once the live
  // document has been read back, a few frames later).
  const focusAfterMove = useRef<{ photoId: string; index: number; up: boolean } | null>(null);

  // Keep the keyboard on the photo that moved: the button in the direction it went, or the other
  // one when it reached the end (a disabled button cannot hold focus).
  useEffect(() => {
    const pending = focusAfterMove.current;
    if (!pending || draft[pending.index]?.id !== pending.photoId) return;
    focusAfterMove.current = null;
    const buttons = photoRefs.current.get(pending.photoId)?.querySelectorAll<HTMLButtonElement>(".photo-order button");
    const preferred = buttons?.[pending.up ? 0 : 1];
    (preferred && !preferred.disabled ? preferred : buttons?.[pending.up ? 1 : 0])?.focus();
  }, [draft]);

  const seedById = new Map(seed.photos.map((photo) => [photo.id, photo]));
  const updatePhoto = (photoId: string, change: (photo: DraftPhoto) => DraftPhoto) =>
    update((current) => ({ ...current, photos: current.photos.map((item) => (item.id === photoId ? change(item) : item)) }));

  const propose = (photo: DraftPhoto, answer: UploadAnswer) => {
    const proposal = prefillProposal({ caption: photo.caption as never, creditId: photo.creditId }, answer);
    setProposals((current) => {
      const next = { ...current };
      if (proposal) next[photo.id] = proposal;
      else delete next[photo.id];
      return next;
    });
  };

  const remember = (answer: UploadAnswer) => {
    setImages((known) => ({ ...known, [answer.id]: answer }));
    onCredits([answer.credit]);
  };

  const addUploaded = (answer: UploadAnswer): number => {
    remember(answer);
    const photo: DraftPhoto = { id: crypto.randomUUID(), caption: captionFromText(""), alt: null, creditId: null, imageId: answer.id, focal: { x: 50, y: 50 } };
    let number = 0;
    update((current) => {
      number = current.photos.length + 1;
      return { ...current, photos: [...current.photos, photo] };
    });
    propose(photo, answer);
    return number;
  };

  // A library image becomes a new photo with its caption and credit (a credit travels with the
  // image); alt text is left for the editor to write for this article.
  const addFromLibrary = (picked: PickedImage) => {
    setImages((known) => ({ ...known, [picked.image.id]: picked.image }));
    onCredits([picked.credit]);
    const photo: DraftPhoto = {
      id: crypto.randomUUID(),
      caption: captionFromText(picked.caption),
      alt: null,
      creditId: picked.credit?.id ?? null,
      imageId: picked.image.id,
      focal: { x: 50, y: 50 },
    };
    let number = 0;
    update((current) => {
      number = current.photos.length + 1;
      return { ...current, photos: [...current.photos, photo] };
    });
    setAnnouncement(`Photo ${number} added from the library.`);
  };

  const move = (from: number, to: number) => {
    const moved = draft[from];
    if (!moved || to < 0 || to >= draft.length) return;
    update((current) => ({ ...current, photos: movePhoto(current.photos, from, to) }));
    setAnnouncement(`Photo ${from + 1} is now photo ${to + 1}.`);
    focusAfterMove.current = { photoId: moved.id, index: to, up: to < from };
  };

  const remove = (photoId: string, index: number) => {
    update((current) => ({ ...current, photos: current.photos.filter((item) => item.id !== photoId) }));
    setProposals((current) => {
      const next = { ...current };
      delete next[photoId];
      return next;
    });
    setAnnouncement(live ? `Photo ${index + 1} removed.` : `Photo ${index + 1} removed. Save to keep the change.`);
  };

  const accept = (photo: DraftPhoto, proposal: PrefillProposal, choice: { caption: boolean; credit: boolean }) => {
    let captionChanged = false;
    updatePhoto(photo.id, (item) => {
      const next = applyPrefill({ ...item, caption: item.caption as never }, proposal, choice) as DraftPhoto;
      captionChanged = next.caption !== item.caption;
      return next;
    });
    // A live caption editor shows the document's caption as it changes; a saved one is remounted.
    if (captionChanged && proposal.caption && !live) {
      const caption = captionFromText(proposal.caption);
      setCaptionSeeds((current) => ({ ...current, [photo.id]: { revision: (current[photo.id]?.revision ?? 0) + 1, caption } }));
    }
    setProposals((current) => {
      const next = { ...current };
      delete next[photo.id];
      return next;
    });
  };

  return (
    <section className="article-photos" aria-labelledby="photos-title">
      <h2 id="photos-title">Photos</h2>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {draft.map((photoDraft, index) => {
        const photoId = photoDraft.id;
        const captionSeed = captionSeeds[photoId];
        const initialCaption = captionSeed?.caption ?? seedById.get(photoId)?.caption ?? photoDraft.caption;
        const captionLabelId = `caption-label-${photoId}`;
        const captionErrors = errorsFor(fieldErrors, `photos.${index}.caption`);
        const captionErrorId = `caption-error-${photoId}`;
        const proposal = proposals[photoId];
        return (
          <fieldset
            key={photoId}
            ref={(element) => {
              if (element) photoRefs.current.set(photoId, element);
              else photoRefs.current.delete(photoId);
            }}
            className={`photo-editor${dropTarget === index && dragging !== index ? " photo-editor--drop-target" : ""}`}
            data-photo-id={photoId}
            onDragOver={(event) => {
              if (dragging === null) return;
              event.preventDefault();
              setDropTarget(index);
            }}
            onDrop={(event) => {
              if (dragging === null) return;
              event.preventDefault();
              move(dragging, index);
              setDragging(null);
              setDropTarget(null);
            }}
          >
            <legend>{`Photo ${index + 1}`}</legend>
            <span
              className="photo-drag-handle"
              draggable
              title="Drag to move this photo"
              aria-hidden="true"
              onDragStart={(event) => {
                setDragging(index);
                event.dataTransfer.effectAllowed = "move";
                event.dataTransfer.setData("application/x-copydesk-photo", photoId);
                const frame = photoRefs.current.get(photoId);
                if (frame) event.dataTransfer.setDragImage(frame, 20, 20);
              }}
              onDragEnd={() => {
                setDragging(null);
                setDropTarget(null);
              }}
            >
              ⠿ Drag to move
            </span>
            <PhotoOrderControls photoNumber={index + 1} count={draft.length} onMove={(offset) => move(index, index + offset)} onRemove={() => remove(photoId, index)} />
            <PhotoImageField
              photoNumber={index + 1}
              image={photoDraft.imageId ? (images[photoDraft.imageId] ?? null) : null}
              focal={photoDraft.focal}
              onFocal={(focal) => updatePhoto(photoId, (item) => ({ ...item, focal }))}
              onUploaded={(uploaded) => {
                remember(uploaded);
                updatePhoto(photoId, (item) => ({ ...item, imageId: uploaded.id, focal: { x: 50, y: 50 } }));
                propose(photoDraft, uploaded);
              }}
            />
            {proposal ? (
              <PrefillReview
                photoNumber={index + 1}
                proposal={proposal}
                onUse={(choice) => accept(photoDraft, proposal, choice)}
                onDismiss={() =>
                  setProposals((current) => {
                    const next = { ...current };
                    delete next[photoId];
                    return next;
                  })
                }
              />
            ) : null}
            {photoDraft.imageId && !photoDraft.alt ? (
              <p className="field-error">This photo has no alt text: describe it for readers who cannot see it.</p>
            ) : null}
            <div className="photo-fields">
              <div className={`field${captionErrors ? " field-invalid" : ""}`}>
                <span className="field-label" id={captionLabelId}>
                  Caption
                </span>
                <RichTextEditor
                  key={live ? photoId : `${seed.key}-${photoId}-${captionSeed?.revision ?? 0}`}
                  id={`caption-${photoId}`}
                  labelledBy={`${captionLabelId}`}
                  variant="caption"
                  toolbarLabel={`Caption ${index + 1} formatting`}
                  initialContent={initialCaption}
                  live={live ? { session: live, field: captionField(photoId) } : undefined}
                  describedBy={captionErrors ? captionErrorId : undefined}
                  invalid={Boolean(captionErrors)}
                  onEditor={editorRef(`caption:${photoId}`)}
                  onChange={(caption) => updatePhoto(photoId, (item) => ({ ...item, caption }))}
                />
                {captionErrors ? (
                  <p id={captionErrorId} className="field-error">
                    {captionErrors.join(" ")}
                  </p>
                ) : null}
              </div>
              {live ? (
                <LiveAltField photoId={photoId} index={index} session={live} errors={errorsFor(fieldErrors, `photos.${index}.alt`)} />
              ) : (
                <TextField
                  id={altInputId(photoId)}
                  label="Alt text"
                  hint={ALT_HINT}
                  value={photoDraft.alt ?? ""}
                  error={errorsFor(fieldErrors, `photos.${index}.alt`)}
                  onChange={(event) => {
                    const alt = event.target.value;
                    updatePhoto(photoId, (item) => ({ ...item, alt: alt === "" ? null : alt }));
                  }}
                />
              )}
              <CreditPicker
                photoNumber={index + 1}
                value={photoDraft.creditId}
                credits={credits}
                actions={creditActions}
                error={errorsFor(fieldErrors, `photos.${index}.creditId`) ?? errorsFor(fieldErrors, `photos.${index}.id`)}
                onCreated={(credit) => onCredits([credit])}
                onChange={(creditId) => updatePhoto(photoId, (item) => ({ ...item, creditId }))}
              />
            </div>
          </fieldset>
        );
      })}
      <AddPhotos onUploaded={addUploaded} />
      <AddFromLibrary actions={library} onPicked={addFromLibrary} />
    </section>
  );
}

/** A photo's alt text as a plain line of the live document (so it is co-edited like the caption). */
function LiveAltField({ photoId, index, session, errors }: { photoId: string; index: number; session: LiveSession; errors: string[] | undefined }) {
  const labelId = `alt-label-${photoId}`;
  const hintId = `alt-hint-${photoId}`;
  const errorId = `alt-error-${photoId}`;
  return (
    <div className={`field${errors ? " field-invalid" : ""}`}>
      <span className="field-label" id={labelId}>
        Alt text
      </span>
      <RichTextEditor
        id={altInputId(photoId)}
        labelledBy={labelId}
        variant="line"
        toolbarLabel={`Alt text ${index + 1}`}
        initialContent={EMPTY_LINE}
        live={{ session, field: altField(photoId) }}
        describedBy={errors ? `${hintId} ${errorId}` : hintId}
        invalid={Boolean(errors)}
        onChange={ignoreChange}
      />
      <p id={hintId} className="field-hint">
        {ALT_HINT}
      </p>
      {errors ? (
        <p id={errorId} className="field-error">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

const EMPTY_LINE = { type: "doc", content: [{ type: "paragraph" }] } as RichTextEditorProps["initialContent"];
// Live editors' text reaches the draft through the shared document, not through onChange.
const ignoreChange = () => {};
