/** Rendering: Markdown for the sticky comment, check run, replies; Mermaid; truncation. Pure. @module */
export { REPORT_MARKER, FORK_NOTE, renderReportComment, untrustedAuthorNote } from './report-comment';
export {
  ANNOTATIONS_PER_REQUEST,
  CHECK_NAME,
  annotationBatches,
  checkConclusion,
  renderCheckRun,
  toAnnotation,
  type Annotation,
  type Conclusion,
} from './check-run';
export { renderHelp, renderPlanReply, renderRefusal, renderRunReply, renderSkipReply, type HelpWorkflow, type RunOutcome } from './run-reply';
export { workflowMermaid } from './mermaid';
export { COMMENT_LIMIT, CHECK_SUMMARY_LIMIT, truncateMarkdown, isBalanced } from './truncate';
export { renderInFlight } from './in-flight';
export { renderPolicy } from './policy';
