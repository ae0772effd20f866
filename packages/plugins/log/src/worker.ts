/**
 * Worker side of the `log` plugin: writes through the activity's logger (`ctx.log`), which the
 * worker backs with its redacting pino logger, so secret values never reach the log.
 * @module
 */
import { implementPlugin } from '@flowops/sdk';
import { plugin } from './contract';

/** The log plugin implementation to register on a worker. */
export const implementation = implementPlugin(plugin, {
  write: {
    async run(input, ctx) {
      ctx.log(input.level, input.message, { ...input.fields, workflowId: ctx.workflowId, stepId: ctx.stepId });
      return {};
    },
  },
});
export default implementation;
