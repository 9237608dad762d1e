"use client";

import { useId, useState } from "react";
import { MediaThumb } from "@/components/desk/media/media-thumb";
import { ModalDialog } from "@/components/desk/publishing/modal-dialog";
import { Button, useLatestAnswer } from "@/components/ui";
import type { ServerAction } from "@/lib/errors";
import type { PickedImage, PickerPage } from "@/lib/media/library";

/** The server actions behind the picker: a page of the library, and the image picked. */
export interface LibraryPickerActions {
  list: ServerAction<PickerPage>;
  pick: ServerAction<PickedImage>;
}

type Position = { after?: string; before?: string };

/**
 * "Add from library": a button opening a modal picker (native <dialog>: focus stays inside, Escape
 * closes it) that searches and pages the media library; choosing an image hands it, with its
 * caption and credit, to `onPicked`, which adds the photo, and closes the picker.
 */
export function AddFromLibrary({ actions, onPicked }: { actions: LibraryPickerActions; onPicked: (picked: PickedImage) => void }) {
  const [open, setOpen] = useState(false);
  const titleId = useId();
  return (
    <div className="add-from-library">
      <Button type="button" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        Add from library
      </Button>
      <ModalDialog open={open} onClose={() => setOpen(false)} labelledBy={titleId}>
        <LibraryPicker
          titleId={titleId}
          actions={actions}
          onClose={() => setOpen(false)}
          onPicked={(picked) => {
            onPicked(picked);
            setOpen(false);
          }}
        />
      </ModalDialog>
    </div>
  );
}

function LibraryPicker({
  titleId,
  actions,
  onClose,
  onPicked,
}: {
  titleId: string;
  actions: LibraryPickerActions;
  onClose: () => void;
  onPicked: (picked: PickedImage) => void;
}) {
  const searchId = useId();
  const [typed, setTyped] = useState("");
  const [query, setQuery] = useState("");
  const [position, setPosition] = useState<Position>({});
  const { data: page, error, setError } = useLatestAnswer(actions.list, { q: query, ...position }, "q");
  const [picking, setPicking] = useState<string | null>(null);

  const pick = async (assetId: string) => {
    setPicking(assetId);
    const result = await actions.pick({ assetId });
    setPicking(null);
    if (result.ok) onPicked(result.data);
    else setError(result.error);
  };

  const loading = page === null && error === null;
  return (
    <div className="library-picker">
      <h2 id={titleId}>Add a photo from the media library</h2>
      <form
        className="inline-form"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery(typed.trim());
          setPosition({});
        }}
      >
        <div className="field">
          <label htmlFor={searchId}>Search caption, credit or photographer</label>
          <input id={searchId} type="search" value={typed} onChange={(event) => setTyped(event.target.value)} autoFocus />
        </div>
        <Button type="submit">Search</Button>
      </form>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <p role="status">
        {loading
          ? "Loading the library…"
          : page
            ? page.total === 0
              ? query
                ? `No image matches “${query}”.`
                : "No images yet: upload them from an article's photos."
              : `${page.total.toLocaleString("en")}${page.totalIsBound ? "+" : ""} ${page.total === 1 ? "image" : "images"}${query ? ` matching “${query}”` : ""}.`
            : ""}
      </p>
      {page && page.images.length > 0 ? (
        <ul className="library-picker__list" aria-label="Library images">
          {page.images.map((image) => {
            const name = image.caption || "Untitled image";
            return (
              <li key={image.id} data-media-id={image.id}>
                <MediaThumb hash={image.hash} variants={image.variants} />
                <span className="library-picker__text">
                  <span>{name}</span>
                  <span className="muted">
                    {image.credit ?? "No credit"} · {image.width}×{image.height}
                    {image.articleCount > 0 ? ` · in ${image.articleCount} ${image.articleCount === 1 ? "article" : "articles"}` : ""}
                  </span>
                </span>
                <Button type="button" variant="secondary" pending={picking === image.id} disabled={picking !== null} onClick={() => void pick(image.id)} aria-label={`Add: ${name}`}>
                  Add
                </Button>
              </li>
            );
          })}
        </ul>
      ) : null}
      <div className="library-picker__actions">
        {page?.previous ? (
          <Button type="button" onClick={() => setPosition({ before: page.previous! })}>
            ← Newer
          </Button>
        ) : null}
        {page?.next ? (
          <Button type="button" onClick={() => setPosition({ after: page.next! })}>
            Older →
          </Button>
        ) : null}
        <Button type="button" variant="link" onClick={onClose}>
          Close
        </Button>
      </div>
    </div>
  );
}
