"use client";

import { Button } from "@/components/ui";

/**
 * Keyboard- and screen-reader-friendly reordering and removal for one photo (drag and drop is on
 * the photo itself; these buttons do the same from the keyboard). After a move, focus follows the
 * photo: the caller moves it and the photo's own buttons keep their labels.
 */
export function PhotoOrderControls({
  photoNumber,
  count,
  onMove,
  onRemove,
}: {
  photoNumber: number;
  count: number;
  onMove: (offset: -1 | 1) => void;
  onRemove: () => void;
}) {
  return (
    <div className="photo-order" role="group" aria-label={`Photo ${photoNumber} order`}>
      <Button type="button" disabled={photoNumber === 1} onClick={() => onMove(-1)} aria-label={`Move photo ${photoNumber} up`}>
        ↑ Up
      </Button>
      <Button type="button" disabled={photoNumber === count} onClick={() => onMove(1)} aria-label={`Move photo ${photoNumber} down`}>
        ↓ Down
      </Button>
      <Button
        type="button"
        onClick={() => {
          if (window.confirm(`Remove photo ${photoNumber} from this article? The image stays in the media library.`)) onRemove();
        }}
        aria-label={`Remove photo ${photoNumber}`}
      >
        Remove
      </Button>
    </div>
  );
}

/** The list with the photo at `from` moved to `to` (both indices). */
export function movePhoto<T>(list: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= list.length || to >= list.length) return [...list];
  const next = [...list];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved);
  return next;
}
