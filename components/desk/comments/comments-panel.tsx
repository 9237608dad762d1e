"use client";

import { TextSelection } from "@tiptap/pm/state";
import { useState } from "react";
import type { CommentThreadView, CommentView } from "@/lib/comments";
import type { CommentAnchorStore } from "./anchor-store";
import { anchorsOfSelection } from "./comment-anchors";
import { CommentComposer, type MentionableUser } from "./comment-composer";
import type { CommentActions, useComments } from "./use-comments";
import "./comments.css";

type Run = ReturnType<typeof useComments>["run"];

const when = (iso: string) => new Date(iso).toLocaleString([], { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

/** Where a field comes in the story, for listing threads in reading order. */
function fieldRank(field: string, fieldOrder: string[]) {
  const index = fieldOrder.indexOf(field);
  return index < 0 ? fieldOrder.length : index;
}

/** Open threads in the order their passages come in the story; those whose passage is gone last. */
export function inDocumentOrder(threads: CommentThreadView[], placed: Map<string, { from: number }>, fieldOrder: string[]) {
  return [...threads].sort((a, b) => {
    const [pa, pb] = [placed.get(a.id), placed.get(b.id)];
    if (!pa !== !pb) return pa ? -1 : 1;
    const byField = fieldRank(a.field, fieldOrder) - fieldRank(b.field, fieldOrder);
    if (byField !== 0) return byField;
    return (pa?.from ?? 0) - (pb?.from ?? 0) || a.createdAt.localeCompare(b.createdAt);
  });
}

function describeField(field: string, fieldOrder: string[]) {
  if (field === "body") return "Body";
  const photoNumber = fieldOrder.filter((name) => name.startsWith("caption:")).indexOf(field) + 1;
  return photoNumber > 0 ? `Caption of photo ${photoNumber}` : "A caption";
}

function CommentText({ comment }: { comment: CommentView }) {
  if (comment.deleted) return <p className="comment-text comment-deleted">Comment deleted</p>;
  // Mentions are shown as names in bold; the text itself is plain (React escapes it).
  const names = comment.mentions.map((mention) => `@${mention.name}`).sort((a, b) => b.length - a.length);
  const parts = names.length ? comment.text.split(new RegExp(`(${names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`)) : [comment.text];
  return (
    <p className="comment-text">
      {parts.map((part, index) => (names.includes(part) ? <strong key={index} className="comment-mention">{part}</strong> : part))}
      {comment.editedAt ? <span className="comment-meta"> (edited)</span> : null}
    </p>
  );
}

function OwnControls({ comment, meId, users, run, actions }: { comment: CommentView; meId: string; users: MentionableUser[]; run: Run; actions: CommentActions }) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (comment.deleted || comment.author?.id !== meId) return null;
  if (editing) {
    return (
      <CommentComposer
        label="Edit your comment"
        submitLabel="Save comment"
        users={users}
        initialText={comment.text}
        onCancel={() => setEditing(false)}
        onSubmit={async (text, mentionIds) => {
          const result = await run(actions.edit, { commentId: comment.id, text, mentionIds });
          if (result.ok) setEditing(false);
          return result;
        }}
      />
    );
  }
  return (
    <span className="comment-own">
      <button type="button" className="button button-link" onClick={() => setEditing(true)}>
        Edit
      </button>{" "}
      <button
        type="button"
        className="button button-link"
        onClick={async () => {
          if (!window.confirm("Delete your comment?")) return;
          const result = await run(actions.remove, { commentId: comment.id });
          setError(result.ok ? null : result.error);
        }}
      >
        Delete
      </button>
      {error ? <span role="alert" className="field-error"> {error}</span> : null}
    </span>
  );
}

function Thread({
  thread,
  store,
  placedNow,
  fieldOrder,
  meId,
  users,
  run,
  actions,
}: {
  thread: CommentThreadView;
  store: CommentAnchorStore;
  placedNow: boolean;
  fieldOrder: string[];
  meId: string;
  users: MentionableUser[];
  run: Run;
  actions: CommentActions;
}) {
  const [replying, setReplying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const active = store.activeId === thread.id;

  const show = () => {
    store.setActive(thread.id);
    const view = store.views.get(thread.field);
    const placed = store.placed.get(thread.id);
    if (!view || !placed) return;
    const { node } = view.domAtPos(placed.from);
    (node instanceof Element ? node : node.parentElement)?.scrollIntoView({ block: "center", behavior: "smooth" });
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, placed.from)));
  };

  const setResolved = async (resolved: boolean) => {
    const result = await run(resolved ? actions.resolve : actions.reopen, { commentId: thread.id });
    setError(result.ok ? null : result.error);
  };

  return (
    <li className={`comment-thread${active ? " comment-thread-active" : ""}`} data-testid="comment-thread" aria-current={active ? "true" : undefined}>
      <div className="comment-anchor">
        <span className="comment-meta">{describeField(thread.field, fieldOrder)}</span>{" "}
        {placedNow ? (
          <button type="button" className="button button-link comment-quote" onClick={show} title="Show this passage in the text">
            “{thread.quote}”
          </button>
        ) : (
          <span className="comment-quote comment-gone">
            “{thread.quote}” <span className="comment-meta">(this passage was deleted)</span>
          </span>
        )}
      </div>
      <div className="comment">
        <p className="comment-meta">
          <strong>{thread.author?.name ?? "Someone"}</strong> · {when(thread.createdAt)}
        </p>
        <CommentText comment={thread} />
        <OwnControls comment={thread} meId={meId} users={users} run={run} actions={actions} />
      </div>
      {thread.replies.length ? (
        <ol className="comment-replies" aria-label="Replies">
          {thread.replies.map((reply) => (
            <li key={reply.id} className="comment">
              <p className="comment-meta">
                <strong>{reply.author?.name ?? "Someone"}</strong> · {when(reply.createdAt)}
              </p>
              <CommentText comment={reply} />
              <OwnControls comment={reply} meId={meId} users={users} run={run} actions={actions} />
            </li>
          ))}
        </ol>
      ) : null}
      {thread.resolved ? (
        <p className="comment-meta">
          Resolved by {thread.resolved.by ?? "someone"} · {when(thread.resolved.at)}{" "}
          <button type="button" className="button button-link" onClick={() => void setResolved(false)}>
            Reopen
          </button>
        </p>
      ) : (
        <div className="comment-thread-actions">
          {replying ? (
            <CommentComposer
              label="Reply"
              submitLabel="Reply"
              users={users}
              onCancel={() => setReplying(false)}
              onSubmit={async (text, mentionIds) => {
                const result = await run(actions.reply, { threadId: thread.id, text, mentionIds });
                if (result.ok) setReplying(false);
                return result;
              }}
            />
          ) : (
            <button type="button" className="button button-link" onClick={() => setReplying(true)}>
              Reply
            </button>
          )}{" "}
          <button type="button" className="button button-link" onClick={() => void setResolved(true)}>
            Resolve
          </button>
        </div>
      )}
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
    </li>
  );
}

/**
 * The comments of a story beside its live editor: a box to comment on the selected passage, the
 * open threads in reading order (choosing one scrolls to its passage and highlights it), and the
 * resolved ones, kept even when their passage was deleted.
 */
export function CommentsPanel({
  articleId,
  store,
  run,
  actions,
  users,
  meId,
  fieldOrder,
  loadError,
}: {
  articleId: string;
  store: CommentAnchorStore;
  run: Run;
  actions: CommentActions;
  users: MentionableUser[];
  meId: string;
  fieldOrder: string[];
  loadError: string | null;
}) {
  const selection = store.selection && (store.selection.field === "body" || store.selection.field.startsWith("caption:")) ? store.selection : null;
  const open = inDocumentOrder(
    store.threads.filter((thread) => !thread.resolved),
    store.placed,
    fieldOrder,
  );
  const resolved = store.threads.filter((thread) => thread.resolved);

  const create = async (text: string, mentionIds: string[]) => {
    if (!selection) return { ok: false as const, status: 422, error: "Select the passage to comment on." };
    // The editor's own selection has followed any edits made since (others typing meanwhile).
    const now = selection.view.state.selection;
    const [from, to] = now.empty ? [selection.from, selection.to] : [now.from, now.to];
    const anchors = anchorsOfSelection(selection.view.state, from, to);
    if (!anchors) return { ok: false as const, status: 409, error: "The editor is not connected yet; try again in a moment." };
    const result = await run(actions.create, { articleId, field: selection.field, quote: selection.view.state.doc.textBetween(from, to, " "), text, mentionIds, ...anchors });
    if (result.ok) {
      store.setSelection(null);
      store.setActive(result.data.id);
    }
    return result;
  };

  return (
    <section className="panel comments-panel" aria-labelledby="comments-heading">
      <h2 id="comments-heading">
        Comments <span className="comment-count">({open.length} open)</span>
      </h2>
      {loadError ? (
        <p role="alert" className="field-error">
          Comments could not be loaded: {loadError}
        </p>
      ) : null}
      {selection ? (
        <div className="comment-new">
          <p className="comment-meta">
            Comment on <q>{selection.text.length > 80 ? `${selection.text.slice(0, 80)}…` : selection.text}</q>
          </p>
          <CommentComposer label="Comment on the selected text" submitLabel="Comment" users={users} onSubmit={create} />
        </div>
      ) : (
        <p className="field-hint">Select text in the body or a caption to comment on it.</p>
      )}
      {open.length ? (
        <ol className="comment-threads" aria-label="Open comments">
          {open.map((thread) => (
            <Thread key={thread.id} thread={thread} store={store} placedNow={store.placed.has(thread.id)} fieldOrder={fieldOrder} meId={meId} users={users} run={run} actions={actions} />
          ))}
        </ol>
      ) : (
        <p className="field-hint">No open comments.</p>
      )}
      {resolved.length ? (
        <details className="comments-resolved">
          <summary>Resolved ({resolved.length})</summary>
          <ol className="comment-threads" aria-label="Resolved comments">
            {resolved.map((thread) => (
              <Thread key={thread.id} thread={thread} store={store} placedNow={store.placed.has(thread.id)} fieldOrder={fieldOrder} meId={meId} users={users} run={run} actions={actions} />
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}
