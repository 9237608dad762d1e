"use client";

import { useId, useRef, useState } from "react";
import { COMMENT_TEXT_MAX } from "@/lib/comments/schema";
import type { ActionResult } from "@/lib/errors";

export interface MentionableUser {
  id: string;
  name: string;
}

/** The people whose "@Name" is in the text (longest names first, so "@Ann Lee" is not also "@Ann"). */
export function mentionsIn(text: string, users: MentionableUser[]): string[] {
  const found: string[] = [];
  let rest = text;
  for (const user of [...users].sort((a, b) => b.name.length - a.name.length)) {
    const token = `@${user.name}`;
    if (rest.includes(token)) {
      found.push(user.id);
      rest = rest.split(token).join(" ");
    }
  }
  return found;
}

const MENTION_QUERY = /(?:^|\s)@([^\s@]{0,30})$/;

/** A comment box with @mentions: typing "@" and letters offers desk users to mention. */
export function CommentComposer({
  label,
  submitLabel,
  users,
  initialText = "",
  onSubmit,
  onCancel,
}: {
  label: string;
  submitLabel: string;
  users: MentionableUser[];
  initialText?: string;
  onSubmit: (text: string, mentionIds: string[]) => Promise<ActionResult<unknown>>;
  onCancel?: () => void;
}) {
  const id = useId();
  const [text, setText] = useState(initialText);
  const [query, setQuery] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);

  const offered = query === null ? [] : users.filter((user) => user.name.toLowerCase().includes(query.toLowerCase())).slice(0, 6);

  const onInput = (value: string, caret: number) => {
    setText(value);
    const match = MENTION_QUERY.exec(value.slice(0, caret));
    setQuery(match ? match[1] : null);
  };

  const mention = (user: MentionableUser) => {
    const element = area.current;
    const caret = element?.selectionStart ?? text.length;
    const before = text.slice(0, caret).replace(/@([^\s@]{0,30})$/, `@${user.name} `);
    const next = before + text.slice(caret);
    setText(next);
    setQuery(null);
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(before.length, before.length);
    });
  };

  const submit = async () => {
    setBusy(true);
    setError(null);
    const result = await onSubmit(text, mentionsIn(text, users));
    setBusy(false);
    if (result.ok) {
      setText("");
      setQuery(null);
    } else setError(result.fieldErrors?.text?.join(" ") ?? result.fieldErrors?.mentionIds?.join(" ") ?? result.error);
  };

  return (
    <div className="comment-composer">
      <label htmlFor={`${id}-text`} className="visually-hidden">
        {label}
      </label>
      <textarea
        id={`${id}-text`}
        ref={area}
        value={text}
        rows={2}
        maxLength={COMMENT_TEXT_MAX}
        placeholder={`${label} (type @ to mention someone)`}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onInput(event.target.value, event.target.selectionStart)}
        onKeyDown={(event) => {
          if (event.key === "Escape" && query !== null) {
            event.preventDefault();
            setQuery(null);
          } else if (event.key === "Enter" && query !== null && offered.length > 0) {
            event.preventDefault();
            mention(offered[0]);
          } else if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
            event.preventDefault();
            void submit();
          }
        }}
      />
      {offered.length > 0 ? (
        <ul className="comment-mentions" aria-label="Mention">
          {offered.map((user) => (
            <li key={user.id}>
              <button type="button" onClick={() => mention(user)}>
                @{user.name}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="comment-composer-actions">
        <button type="button" className="button" disabled={busy || text.trim() === ""} onClick={() => void submit()}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button button-link" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </div>
  );
}
