/**
 * Type-error fixture (NOT part of the package's tsconfig): every line marked `// expect: TSxxxx`
 * must produce exactly that error, and no other line may error. See src/type-tests.test.ts.
 */
import { z } from 'zod';
import { demo } from '../src/__fixtures__/demo-plugin';
import { eq } from '../src/conditions';
import { step } from '../src/step-action';
import { forEach } from '../src/step-control';
import { defineWorkflow } from '../src/workflow';

const Input = z.object({ userId: z.string(), accounts: z.array(z.object({ id: z.string() })) });

export const broken = defineWorkflow({
  name: 'type-errors',
  owner: '@acme/sdk',
  input: Input,
  steps: ({ input }) => {
    const fetch = step('fetch', demo.fetch({ url: input.userId }));
    void fetch.output.user.nope; // expect: TS2339
    void input.nope; // expect: TS2339
    void demo.fetch({ url: 42 }); // expect: TS2322
    void demo.send({ to: fetch.output.status, text: 'x' }); // expect: TS2322
    void demo.nope({}); // expect: TS2339
    void demo.send({ to: 'a' }); // expect: TS2345
    void forEach('each', input.accounts, {}, (account) => [step('x', demo.send({ to: account.nope, text: 'x' }))]); // expect: TS2339
    void eq(fetch.output.status, 'ok'); // expect: TS2345
    return [fetch];
  },
});
