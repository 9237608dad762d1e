// The desk's workflow: stages and their role rules, assignment, the inbox, the story budget.
export * from "./stages";
export { assignArticle, listStageHistory, moveArticleStage, type AssignResult, type StageHistoryEntry, type StageMoveResult, type WorkflowActor } from "./moves";
export { addInboxEntries, listInbox, markInboxRead, unreadInboxCount, INBOX_KINDS, type InboxEntryView, type InboxKind } from "./inbox";
export { getArticleWorkflow, getStoryBudget, listAssignableUsers, type ArticleWorkflow, type BudgetStory, type DeskUserOption, type StoryBudget } from "./read";
