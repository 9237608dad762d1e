"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import { uploadImage, type UploadAnswer } from "@/components/desk/photos/photo-image-field";
import { Button, FormError, TextAreaField } from "@/components/ui";
import type { FieldErrors, ServerAction } from "@/lib/errors";
import type { ReplaceImageResult } from "@/lib/media/library";
import { CHANGE_KIND_LABELS, CHANGE_KINDS, NOTE_MAX, isNotedKind, type ChangeKind } from "@/lib/publishing/schemas";

export type ReplaceImageAction = ServerAction<ReplaceImageResult>;

/**
 * Replace an image everywhere: upload the replacement (progress, the server's refusal shown),
 * say what kind of change it is for readers of the published articles, confirm.
 */
export function ReplaceImageForm({
  assetId,
  articleCount,
  publishedCount,
  replace,
}: {
  assetId: string;
  articleCount: number;
  publishedCount: number;
  replace: ReplaceImageAction;
}) {
  const router = useRouter();
  const fileId = useId();
  const [progress, setProgress] = useState<number | null>(null);
  const [replacement, setReplacement] = useState<UploadAnswer | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [kind, setKind] = useState<ChangeKind | "">("");
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<{ message: string; fields: FieldErrors } | null>(null);
  const [result, setResult] = useState<ReplaceImageResult | null>(null);
  const [pending, startTransition] = useTransition();

  async function choose(file: File) {
    setUploadError(null);
    setReplacement(null);
    setProgress(0);
    try {
      setReplacement(await uploadImage(file, setProgress));
    } catch (failure) {
      setUploadError((failure as Error).message);
    } finally {
      setProgress(null);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!replacement) return;
    const where = `${articleCount} ${articleCount === 1 ? "article" : "articles"}${publishedCount > 0 ? `, ${publishedCount} of them published` : ""}`;
    if (!window.confirm(`Replace this image in ${where}?`)) return;
    startTransition(async () => {
      const answer = await replace({ assetId, replacementId: replacement.id, kind: kind || undefined, note: isNotedKind(kind) ? note : undefined });
      if (!answer.ok) {
        setErrors({ message: answer.error, fields: answer.fieldErrors ?? {} });
        return;
      }
      setErrors(null);
      setResult(answer.data);
      router.refresh();
    });
  }

  if (result) {
    return (
      <div role="status" className="notice notice-success">
        <p>Replaced in {result.replaced.length} {result.replaced.length === 1 ? "article" : "articles"}.</p>
        <ul>
          {result.replaced.map((entry) => (
            <li key={entry.articleId}>
              <Link href={`/desk/articles/${entry.articleId}`}>{entry.headline}</Link>:{" "}
              {entry.outcome === "published" ? "published, readers see the new image" : "draft changed; publish it for readers to see the new image"}
            </li>
          ))}
        </ul>
        {replacement ? <Link href={`/desk/media/${replacement.id}`}>Open the new image</Link> : null}
      </div>
    );
  }

  if (articleCount === 0) return <p className="muted">No article uses this image.</p>;

  return (
    <form className="replace-image-form" onSubmit={submit} aria-label="Replace this image everywhere">
      <div className="field">
        <label htmlFor={fileId}>Replacement image (JPEG, PNG, WebP or AVIF)</label>
        <input
          id={fileId}
          type="file"
          accept="image/jpeg,image/png,image/webp,image/avif"
          disabled={progress !== null || pending}
          aria-describedby={uploadError ? `${fileId}-error` : undefined}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void choose(file);
          }}
        />
        {progress !== null ? <progress max={1} value={progress} aria-label="Uploading the replacement" /> : null}
        {uploadError ? (
          <p id={`${fileId}-error`} className="field-error" role="alert">
            {uploadError}
          </p>
        ) : null}
        {replacement ? (
          <p className="field-hint">
            Uploaded: {replacement.width}×{replacement.height}
            {replacement.credit ? `, credit ${replacement.credit.label}` : ", no credit in the file (each photo keeps its own)"}.
          </p>
        ) : null}
      </div>
      {publishedCount > 0 ? (
        <fieldset className="field">
          <legend>Readers have seen this image. What kind of change is this?</legend>
          {CHANGE_KINDS.map((choice) => (
            <label key={choice} className="radio">
              <input type="radio" name="kind" value={choice} checked={kind === choice} onChange={() => setKind(choice)} />
              {CHANGE_KIND_LABELS[choice].label} <span className="muted">— {CHANGE_KIND_LABELS[choice].hint}</span>
            </label>
          ))}
          {errors?.fields.kind ? (
            <p className="field-error" role="alert">
              {errors.fields.kind[0]}
            </p>
          ) : null}
        </fieldset>
      ) : null}
      {isNotedKind(kind) ? (
        <TextAreaField label="Public note" value={note} maxLength={NOTE_MAX} onChange={(event) => setNote(event.target.value)} error={errors?.fields.note} />
      ) : null}
      {errors && !errors.fields.kind && !errors.fields.note ? <FormError message={errors.message} /> : null}
      <Button type="submit" variant="primary" disabled={!replacement || pending} pending={pending} pendingLabel="Replacing…">
        Replace everywhere
      </Button>
    </form>
  );
}
