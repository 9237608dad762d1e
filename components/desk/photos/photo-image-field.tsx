"use client";

import { useRef, useState, type MouseEvent } from "react";
import type { EditableCredit } from "@/lib/articles/edit-schema";
import { variantUrl, type FocalPoint, type StoredVariant } from "@/lib/media/formats";
import type { UploadFacts } from "@/lib/media/prefill";

/** An uploaded image as the desk holds it (what POST /api/media answers, trimmed). */
export interface DeskImage {
  id: string;
  hash: string;
  width: number;
  height: number;
  variants: StoredVariant[];
}

export interface UploadAnswer extends DeskImage {
  credit: EditableCredit | null;
  metadata: UploadFacts["metadata"];
}

/** Uploads one file as the raw body of POST /api/media, reporting progress; rejects with the server's message. */
export function uploadImage(file: File, onProgress: (fraction: number) => void): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", "/api/media");
    request.setRequestHeader("content-type", "application/octet-stream");
    request.setRequestHeader("x-file-name", encodeURIComponent(file.name));
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        // not JSON: a proxy's error page
      }
      if (request.status >= 200 && request.status < 300) resolve(body as UploadAnswer);
      else {
        const answer = body as { error?: string; fieldErrors?: Record<string, string[]> } | null;
        reject(new Error(answer?.fieldErrors?.file?.[0] ?? answer?.error ?? `The upload failed (HTTP ${request.status}).`));
      }
    };
    request.onerror = () => reject(new Error("The upload failed: the connection was lost."));
    request.send(file);
  });
}

type Props = {
  photoNumber: number;
  image: DeskImage | null;
  focal: FocalPoint | null;
  onUploaded(answer: UploadAnswer): void;
  onFocal(focal: FocalPoint): void;
};

/**
 * A photo's image: attach (or replace) one by upload with progress, and set its focal point by
 * clicking the picture (crops for the front page and social cards are cut around it).
 */
export function PhotoImageField({ photoNumber, image, focal, onUploaded, onFocal }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const errorId = `photo-image-error-${photoNumber}`;

  async function upload(file: File) {
    setError(null);
    setProgress(0);
    try {
      onUploaded(await uploadImage(file, setProgress));
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setProgress(null);
      if (input.current) input.current.value = "";
    }
  }

  function setFocalFrom(event: MouseEvent<HTMLButtonElement>) {
    const box = event.currentTarget.getBoundingClientRect();
    const x = Math.round(((event.clientX - box.left) / box.width) * 100);
    const y = Math.round(((event.clientY - box.top) / box.height) * 100);
    onFocal({ x: Math.min(100, Math.max(0, x)), y: Math.min(100, Math.max(0, y)) });
  }

  const thumb = image ? (image.variants.find((variant) => variant.format === "webp" && variant.width === 640) ?? image.variants[0]) : null;
  return (
    <div className="photo-image" onDragOver={(event) => event.preventDefault()} onDrop={(event) => {
      event.preventDefault();
      const file = event.dataTransfer.files[0];
      if (file) void upload(file);
    }}>
      {image && thumb ? (
        <button type="button" className="photo-image__focal" onClick={setFocalFrom} aria-label={`Set the focal point of photo ${photoNumber}: click the most important spot`}>
          {/* eslint-disable-next-line @next/next/no-img-element -- a desk thumbnail of known size */}
          <img src={variantUrl(image.hash, thumb.width, thumb.format)} width={thumb.width} height={thumb.height} alt="" className="photo-thumb" />
          {focal ? <span className="photo-image__marker" style={{ left: `${focal.x}%`, top: `${focal.y}%` }} aria-hidden="true" /> : null}
        </button>
      ) : null}
      {image && focal ? <p className="field-hint">Focal point: {focal.x}% across, {focal.y}% down.</p> : null}
      <label className="photo-image__upload">
        {image ? "Replace image" : "Attach image"} (JPEG, PNG, WebP or AVIF; or drop a file here)
        <input
          ref={input}
          type="file"
          accept="image/jpeg,image/png,image/webp,image/avif"
          aria-describedby={error ? errorId : undefined}
          disabled={progress !== null}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void upload(file);
          }}
        />
      </label>
      {progress !== null ? <progress max={1} value={progress} aria-label={`Uploading image for photo ${photoNumber}`} /> : null}
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
