/**
 * Type tests: each `@ts-expect-error` line must be a TypeScript error; everything else must
 * type-check. Checked by `tsc -p packages/sdk` and by `type-tests.test.ts` (so a directive that
 * stops erroring fails the test suite). Never executed.
 * @module
 */
import { z } from 'zod';
import { demo } from './__fixtures__/demo-plugin';
import { eq, gt } from './conditions';
import { cast, type Ref } from './ref';
import { step } from './step-action';
import { forEach } from './step-control';
import { call, sleep } from './step-misc';
import { env, secret, tpl } from './template';
import { defineWorkflow } from './workflow';

const Input = z.object({ base: z.string(), userId: z.string(), count: z.number(), accounts: z.array(z.object({ id: z.string() })) });

const child = defineWorkflow({ name: 'child', owner: 'o', input: z.object({ id: z.string() }), steps: () => [sleep('s', '1s')] });

export const typed = defineWorkflow({
  name: 'type-tests',
  owner: '@acme/sdk',
  input: Input,
  steps: ({ input }) => {
    const fetch = step('fetch', demo.fetch({ url: tpl`${input.base}/users/${input.userId}`, headers: { authorization: secret('TOKEN') } }));
    // Handles of the right type are accepted where values are expected.
    const id: Ref<string> = fetch.output.user.id;
    const managerId: Ref<string> = fetch.output.user.manager.id;
    const firstTag: Ref<string> = fetch.output.user.tags[0];
    const anything: Ref<unknown> = fetch.output.body.any.depth[3];
    const user = cast<{ email: string }>(fetch.output.body.user);
    const email: Ref<string> = user.email;
    const send = step('send', demo.send({ to: id, text: env('GREETING'), level: 'warn' }), { if: gt(fetch.output.status, 199) });
    const retries = step('retries', demo.fetch({ url: 'x', retries: input.count }));
    void call('child-ok', child, { id: input.userId });
    const each = forEach('each', input.accounts, { maxParallel: 2 }, (account) => [step('per', demo.send({ to: account.id, text: 'x' }))]);
    void [email, managerId, firstTag, anything, eq(fetch.output.status, 200), eq(input.userId, fetch.output.user.id)];

    // @ts-expect-error unknown output field
    void fetch.output.user.nope;
    // @ts-expect-error unknown field of the workflow input
    void input.nope;
    // @ts-expect-error wrong input type: number where the contract wants a string
    void demo.fetch({ url: 42 });
    // @ts-expect-error wrong handle type: Ref<number> where the contract wants a string
    void demo.send({ to: fetch.output.status, text: 'x' });
    // @ts-expect-error unknown action
    void demo.nope({});
    // @ts-expect-error missing required input field
    void demo.send({ to: 'a' });
    // @ts-expect-error value outside the enum
    void demo.send({ to: 'a', text: 'b', level: 'debug' });
    // @ts-expect-error unknown input field
    void demo.ping({ extra: true });
    // @ts-expect-error unknown field of a forEach item
    void forEach('bad-each', input.accounts, {}, (account) => [step('x', demo.send({ to: account.nope, text: 'x' }))]);
    // @ts-expect-error comparing a number handle with a string
    void eq(fetch.output.status, 'ok');
    // @ts-expect-error unknown field after cast
    void user.nope;
    // @ts-expect-error wrong input for a child workflow given by definition
    void call('child', child, { id: 1 });
    // @ts-expect-error malformed duration
    void step('slow', demo.ping({}), { timeout: '30 seconds' });

    return [fetch, send, retries, each];
  },
});
