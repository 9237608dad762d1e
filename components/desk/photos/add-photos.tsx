"use client";

import { useId, useRef, useState, type DragEvent } from "react";
import { uploadImage, type UploadAnswer } from "./photo-image-field";

type FileState =
  | { key: number; name: string; state: "uploading"; progress: number }
  | { key: number; name: string; state: "added"; photoNumber: number }
  | { key: number; name: string; state: "refused"; message: string };

/** At most this many files upload at once (the server queues image work anyway). */
const PARALLEL = 2;

/**
 * Upload one or many images as new photos of the article: a file button (several files at once)
 * and a drop zone. Each file shows its own progress, then "added as photo N" or the server's
 * reason for refusing it (a refused file leaves nothing stored). `onUploaded` adds the photo and
 * answers its number.
 */
export function AddPhotos({ onUploaded, disabled = false }: { onUploaded: (answer: UploadAnswer) => number; disabled?: boolean }) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const counter = useRef(0);
  const [files, setFiles] = useState<FileState[]>([]);
  const [over, setOver] = useState(false);

  const change = (key: number, next: FileState) => setFiles((list) => list.map((item) => (item.key === key ? next : item)));

  async function uploadAll(chosen: File[]) {
    const queue = chosen.map((file) => ({ file, key: ++counter.current }));
    setFiles((list) => [...list.filter((item) => item.state === "uploading"), ...queue.map(({ file, key }) => ({ key, name: file.name, state: "uploading" as const, progress: 0 }))]);
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const { file, key } = next;
        try {
          const answer = await uploadImage(file, (progress) => change(key, { key, name: file.name, state: "uploading", progress }));
          change(key, { key, name: file.name, state: "added", photoNumber: onUploaded(answer) });
        } catch (failure) {
          change(key, { key, name: file.name, state: "refused", message: (failure as Error).message });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
    if (input.current) input.current.value = "";
  }

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const dropped = [...event.dataTransfer.files];
    if (dropped.length > 0 && !disabled) void uploadAll(dropped);
  };

  return (
    <div
      className={`add-photos${over ? " add-photos--over" : ""}`}
      data-testid="add-photos"
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <label htmlFor={inputId} className="add-photos__label">
        Add photos: choose images (JPEG, PNG, WebP or AVIF), or drop them here
      </label>
      <input
        ref={input}
        id={inputId}
        type="file"
        multiple
        disabled={disabled}
        accept="image/jpeg,image/png,image/webp,image/avif"
        onChange={(event) => {
          const chosen = [...(event.target.files ?? [])];
          if (chosen.length > 0) void uploadAll(chosen);
        }}
      />
      {files.length > 0 ? (
        <ul className="add-photos__files" aria-label="Uploads">
          {files.map((file) => (
            <li key={file.key} data-upload-state={file.state}>
              <span className="add-photos__name">{file.name}</span>{" "}
              {file.state === "uploading" ? (
                <progress max={1} value={file.progress} aria-label={`Uploading ${file.name}`} />
              ) : file.state === "added" ? (
                <span role="status">added as photo {file.photoNumber}</span>
              ) : (
                <span className="field-error" role="alert">
                  {file.name} was not added: {file.message}
                </span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
