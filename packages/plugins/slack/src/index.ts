/**
 * @flowops/plugin-slack — Slack incoming webhooks. This entry is the contract; the worker
 * implementation is `@flowops/plugin-slack/worker`.
 * @module
 */
import { plugin } from './contract';

export { PostMessageInput, PostMessageOutput, plugin } from './contract';
export default plugin;
