/** A small plugin contract used by the SDK's own tests and type tests. */
import { z } from 'zod';
import { defineAction, definePlugin } from '../plugin';

export const demo = definePlugin({
  name: 'demo',
  version: '2.1.0',
  description: 'Test plugin',
  actions: {
    fetch: defineAction({
      effect: 'read',
      input: z.object({ url: z.string(), retries: z.number().int().optional(), headers: z.record(z.string(), z.string()).optional() }),
      output: z.object({
        status: z.number(),
        body: z.unknown(),
        user: z.object({ id: z.string(), tags: z.array(z.string()), manager: z.object({ id: z.string() }).optional() }),
      }),
    }),
    send: defineAction({
      effect: 'write',
      input: z.object({ to: z.string(), text: z.string(), level: z.enum(['info', 'warn']).default('info') }),
      output: z.object({ id: z.string() }),
    }),
    ping: defineAction({ effect: 'read', input: z.object({}), output: z.object({ ok: z.boolean() }) }),
  },
});
