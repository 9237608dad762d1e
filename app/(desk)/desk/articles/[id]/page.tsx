import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { createCreditAction, searchCreditsAction } from "@/app/(desk)/desk/credits/actions";
import { listPickerImagesAction, pickLibraryImageAction } from "@/app/(desk)/desk/media/actions";
import { addToDictionaryAction, checkArticleAction, ignoreFindingAction, unignoreFindingAction } from "./factcheck-actions";
import { loadPublishReviewAction, publishArticleAction, unpublishArticleAction } from "./publish-actions";
import { ArticleEditor } from "@/components/desk/editor/article-editor";
import { FactcheckPanel } from "@/components/desk/factcheck/factcheck-panel";
import { AccessDenied } from "@/components/ui";
import { getArticleForEditing } from "@/lib/articles";
import { requirePageUser } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { getPublishState } from "@/lib/publishing/state";
import { getArticleWorkflow, listAssignableUsers } from "@/lib/workflow";
import { WorkflowPanel } from "@/components/desk/workflow/workflow-panel";
import { TaxonomyPanel } from "@/components/desk/workflow/taxonomy-panel";
import { roleAtLeast } from "@/lib/auth/roles";
import { getArticleTaxonomy, listTaxonomyOptions } from "@/lib/taxonomy";
import { setArticleTaxonomyAction, updateContributorAction } from "./taxonomy-actions";
import {
  createCommentAction,
  deleteCommentAction,
  editCommentAction,
  listCommentsAction,
  reopenCommentAction,
  replyCommentAction,
  resolveCommentAction,
} from "./comment-actions";
import { listArticleComments, listMentionableUsers } from "@/lib/comments";
import { assignArticleAction, cancelScheduleAction, moveStageAction, scheduleArticleAction, submitStoryAction } from "./workflow-actions";

export const dynamic = "force-dynamic";

// Co-editing over /collab, unless turned off (a proxy that cannot pass WebSockets): then every save
// names its version and a stale one gets the conflict view.
const liveEditing = () => process.env.COPYDESK_LIVE_EDITING !== "off";

type Props = { params: Promise<{ id: string }> };

// The page's access check, shared with its metadata: the headline is a draft's, not for everyone.
const editorAccess = (id: string) => requirePageUser("reporter", `/desk/articles/${encodeURIComponent(id)}`);
// Read once per request for the metadata's headline and the page: a 500-photo article read twice
// was twice the rows, and twice the garbage, for every editor open.
const articleForEditing = cache((id: string) => getArticleForEditing(id));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const { allowed } = await editorAccess(id);
  const article = allowed ? await articleForEditing(id).catch(() => null) : null;
  return { title: article ? `Edit: ${article.headline}` : "Edit article" };
}

// GET /desk/articles/[id] — desk users (reporter and up) edit an article's draft: text, captions, credits
export default async function ArticleEditorPage({ params }: Props) {
  const { id } = await params;
  const { user, allowed } = await editorAccess(id);
  if (!allowed) return <AccessDenied what="the article editor" />;
  const notFoundOnMissing = (error: unknown): never => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  };
  const [article, publishState, workflow, assignable, taxonomy, taxonomyOptions, comments, mentionable] = await Promise.all([
    articleForEditing(id).catch(notFoundOnMissing),
    getPublishState(id).catch(notFoundOnMissing),
    getArticleWorkflow(id).catch(notFoundOnMissing),
    listAssignableUsers(),
    getArticleTaxonomy(id).catch(notFoundOnMissing),
    listTaxonomyOptions(),
    listArticleComments(id),
    listMentionableUsers(),
  ]);

  return (
    <>
      <WorkflowPanel
        actions={{ moveStage: moveStageAction, submitStory: submitStoryAction, assign: assignArticleAction }}
        articleId={article.id}
        role={user.role}
        stage={workflow.stage}
        reporterId={workflow.reporter?.id ?? null}
        editorId={workflow.editor?.id ?? null}
        reporters={assignable.reporters}
        editors={assignable.editors}
        history={workflow.history}
      />
      <TaxonomyPanel
        articleId={article.id}
        canEdit={roleAtLeast(user.role, "editor")}
        section={taxonomy.section}
        tags={taxonomy.tags}
        bylines={taxonomy.bylines}
        sections={taxonomyOptions.sections}
        contributors={taxonomyOptions.contributors}
        users={assignable.reporters}
        save={setArticleTaxonomyAction}
        updateContributor={updateContributorAction}
      />
      <ArticleEditor
        article={article}
        credits={{ create: createCreditAction, search: searchCreditsAction }}
        library={{ list: listPickerImagesAction, pick: pickLibraryImageAction }}
        publishActions={{
          loadReview: loadPublishReviewAction,
          publish: publishArticleAction,
          unpublish: unpublishArticleAction,
          schedule: scheduleArticleAction,
          cancelSchedule: cancelScheduleAction,
        }}
        publishState={publishState}
        role={user.role}
        live={
          liveEditing()
            ? {
                me: { id: user.id, name: user.name },
                comments: {
                  threads: comments,
                  users: mentionable,
                  actions: {
                    list: listCommentsAction,
                    create: createCommentAction,
                    reply: replyCommentAction,
                    edit: editCommentAction,
                    remove: deleteCommentAction,
                    resolve: resolveCommentAction,
                    reopen: reopenCommentAction,
                  },
                },
              }
            : undefined
        }
        sidebar={
          <FactcheckPanel
            actions={{ check: checkArticleAction, ignore: ignoreFindingAction, unignore: unignoreFindingAction, addToDictionary: addToDictionaryAction }}
          />
        }
      />
    </>
  );
}
