"use client";

import { useState } from "react";
import { CreditPicker, type CreateCreditAction } from "@/components/desk/editor/credit-picker";
import type { DraftPhoto } from "@/components/desk/editor/draft";
import { errorsFor } from "@/components/desk/editor/field-errors";
import { RichTextEditor, type RichTextEditorProps } from "@/components/desk/editor/rich-text-editor";
import type { DraftUpdate } from "@/components/desk/editor/use-draft";
import { TextField } from "@/components/ui";
import type { EditableCredit } from "@/lib/articles/edit-schema";
import type { ArticleForEditing } from "@/lib/articles/editing";
import type { FieldErrors } from "@/lib/errors";
import { PhotoImageField, type DeskImage } from "./photo-image-field";

export interface PhotoFieldsProps {
  /** The article's photos as the page loaded them (their ids, order and images). */
  photos: ArticleForEditing["photos"];
  /** The working copy of each photo, in the same order. */
  draft: DraftPhoto[];
  /** What the caption editors were created with; a new key remounts them. */
  seed: { key: number; photos: DraftPhoto[] };
  fieldErrors: FieldErrors;
  credits: readonly EditableCredit[];
  createCredit: CreateCreditAction;
  /** Credits met here (made in a picker, named by an uploaded file) for every picker to offer. */
  onCredits: (credits: ReadonlyArray<EditableCredit | null>) => void;
  update: DraftUpdate;
  /** The `onEditor` callback of the rich-text editor of a field key ("caption:<photoId>"). */
  editorRef: (fieldKey: string) => RichTextEditorProps["onEditor"];
}

/** Every photo of the article: its image and focal point, caption, alt text and credit. */
export function PhotoFields({ photos, draft, seed, fieldErrors, credits, createCredit, onCredits, update, editorRef }: PhotoFieldsProps) {
  // Images by id: those the article had when opened, plus uploads since.
  const [images, setImages] = useState<Record<string, DeskImage>>(() =>
    Object.fromEntries(photos.flatMap((photo) => (photo.image ? [[photo.image.id, photo.image]] : []))),
  );
  if (photos.length === 0) return null;

  const updatePhoto = (index: number, change: (photo: DraftPhoto) => DraftPhoto) =>
    update((current) => ({ ...current, photos: current.photos.map((item, i) => (i === index ? change(item) : item)) }));

  return (
    <section className="article-photos" aria-labelledby="photos-title">
      <h2 id="photos-title">Photos</h2>
      {photos.map((photo, index) => {
        const photoDraft = draft[index];
        const seedPhoto = seed.photos[index];
        const captionLabelId = `caption-label-${photo.id}`;
        const captionErrors = errorsFor(fieldErrors, `photos.${index}.caption`);
        const captionErrorId = `caption-error-${photo.id}`;
        return (
          <fieldset key={photo.id} className="photo-editor" data-photo-id={photo.id}>
            <legend>{`Photo ${index + 1}`}</legend>
            <PhotoImageField
              photoNumber={index + 1}
              image={photoDraft.imageId ? (images[photoDraft.imageId] ?? null) : null}
              focal={photoDraft.focal}
              onFocal={(focal) => updatePhoto(index, (item) => ({ ...item, focal }))}
              onUploaded={(uploaded) => {
                setImages((known) => ({ ...known, [uploaded.id]: uploaded }));
                const fileCredit = uploaded.credit;
                onCredits([fileCredit]);
                // The file's credit fills an empty credit only: never overwrite what the editor chose.
                updatePhoto(index, (item) => ({ ...item, imageId: uploaded.id, focal: { x: 50, y: 50 }, creditId: item.creditId ?? fileCredit?.id ?? null }));
              }}
            />
            {photoDraft.imageId && !photoDraft.alt ? (
              <p className="field-error">This photo has no alt text: describe it for readers who cannot see it.</p>
            ) : null}
            <div className="photo-fields">
              <div className={`field${captionErrors ? " field-invalid" : ""}`}>
                <span className="field-label" id={captionLabelId}>
                  Caption
                </span>
                <RichTextEditor
                  key={`${seed.key}-${photo.id}`}
                  id={`caption-${photo.id}`}
                  labelledBy={`${captionLabelId}`}
                  variant="caption"
                  toolbarLabel={`Caption ${index + 1} formatting`}
                  initialContent={seedPhoto.caption}
                  describedBy={captionErrors ? captionErrorId : undefined}
                  invalid={Boolean(captionErrors)}
                  onEditor={editorRef(`caption:${photo.id}`)}
                  onChange={(caption) => updatePhoto(index, (item) => ({ ...item, caption }))}
                />
                {captionErrors ? (
                  <p id={captionErrorId} className="field-error">
                    {captionErrors.join(" ")}
                  </p>
                ) : null}
              </div>
              <TextField
                label="Alt text"
                hint="What the photo shows, for readers who cannot see it."
                value={photoDraft.alt ?? ""}
                error={errorsFor(fieldErrors, `photos.${index}.alt`)}
                onChange={(event) => {
                  const alt = event.target.value;
                  updatePhoto(index, (item) => ({ ...item, alt: alt === "" ? null : alt }));
                }}
              />
              <CreditPicker
                photoNumber={index + 1}
                value={photoDraft.creditId}
                credits={credits}
                createCredit={createCredit}
                error={errorsFor(fieldErrors, `photos.${index}.creditId`) ?? errorsFor(fieldErrors, `photos.${index}.id`)}
                onCreated={(credit) => onCredits([credit])}
                onChange={(creditId) => updatePhoto(index, (item) => ({ ...item, creditId }))}
              />
            </div>
          </fieldset>
        );
      })}
    </section>
  );
}
