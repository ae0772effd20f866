/**
 * customer-onboarding: create the tenant, provision every account (bounded fan-out), send the
 * welcome mail and tell the account team.
 */
import http from '@flowops/plugin-http';
import log from '@flowops/plugin-log';
import slack from '@flowops/plugin-slack';
import transform from '@flowops/plugin-transform';
import { cast, defineWorkflow, env, forEach, secret, step, tpl } from '@flowops/sdk';
import { z } from 'zod';

export const Account = z.object({
  /** Stable account id from the CRM. */
  id: z.string().regex(/^acct_[a-z0-9]{6,}$/, 'account ids look like acct_1a2b3c'),
  name: z.string().min(1).max(120),
  seats: z.number().int().min(1).max(10_000),
  admins: z.array(z.email()).min(1),
});

export const Input = z.object({
  customerId: z.string().regex(/^cus_[a-z0-9]{6,}$/, 'customer ids look like cus_1a2b3c'),
  companyName: z.string().min(1).max(200),
  plan: z.enum(['starter', 'team', 'enterprise']),
  region: z.enum(['us', 'eu']).default('us'),
  contactEmail: z.email(),
  accounts: z.array(Account).min(1).max(200),
});

const crm = env('CRM_API');
const auth = { authorization: tpl`Bearer ${secret('CRM_TOKEN')}` };

export default defineWorkflow({
  name: 'customer-onboarding',
  owner: '@acme/customer-platform',
  description: 'Create a tenant, provision its accounts, welcome the customer',
  input: Input,
  defaults: { retry: { maxAttempts: 3, backoff: 'exponential', initialInterval: '2s' }, timeout: '1m' },
  steps: ({ input }) => {
    const tenant = step(
      'create-tenant',
      http.request({
        method: 'POST',
        url: tpl`${crm}/tenants`,
        headers: { ...auth, 'idempotency-key': tpl`onboarding-${input.customerId}` },
        body: { customerId: input.customerId, name: input.companyName, plan: input.plan, region: input.region },
        expectStatus: [200, 201],
      }),
      { retry: { maxAttempts: 5, initialInterval: '2s' }, timeout: '1m' },
    );
    const tenantId = cast<{ tenantId: string }>(tenant.output.body).tenantId;

    const provision = forEach('provision-accounts', input.accounts, { maxParallel: 5, timeout: '30m' }, (account) => [
      step(
        'create-account',
        http.request({
          method: 'PUT',
          url: tpl`${crm}/tenants/${tenantId}/accounts/${account.id}`,
          headers: auth,
          body: { name: account.name, seats: account.seats, admins: account.admins },
          expectStatus: [200, 201],
        }),
        { retry: { maxAttempts: 4, initialInterval: '5s' }, timeout: '2m' },
      ),
      step('log-account', log.write({ level: 'info', message: tpl`provisioned ${account.id}`, fields: { tenantId, seats: account.seats } }), {
        retry: { maxAttempts: 2 },
        timeout: '10s',
      }),
    ]);

    const summary = step(
      'summarize-seats',
      transform.jsonata({
        expression: '{ "accounts": $count(accounts), "seats": $sum(accounts.seats) }',
        data: { accounts: input.accounts },
      }),
      { retry: { maxAttempts: 2 }, timeout: '10s' },
    );
    const totals = cast<{ accounts: number; seats: number }>(summary.output.result);

    const welcome = step(
      'send-welcome-email',
      http.request({
        method: 'POST',
        url: tpl`${env('MAIL_API')}/messages`,
        headers: { authorization: tpl`Bearer ${secret('MAIL_TOKEN')}` },
        body: { to: input.contactEmail, template: 'welcome', variables: { company: input.companyName, plan: input.plan } },
        expectStatus: 202,
      }),
      { retry: { maxAttempts: 3, initialInterval: '10s' }, timeout: '1m' },
    );

    const notify = step(
      'notify-account-team',
      slack.postMessage({
        webhookUrl: secret('SLACK_ONBOARDING_WEBHOOK_URL'),
        text: tpl`:tada: ${input.companyName} (${input.plan}, ${input.region}) onboarded: ${totals.accounts} accounts, ${totals.seats} seats`,
      }),
      { retry: { maxAttempts: 3 }, timeout: '30s', onError: 'continue' },
    );

    return { steps: [tenant, provision, summary, welcome, notify], output: { tenantId, seats: totals.seats } };
  },
});
