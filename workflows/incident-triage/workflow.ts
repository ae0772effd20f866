/**
 * incident-triage: classify an alert's severity, page on-call for sev1/sev2 (log otherwise),
 * open a GitHub issue to track it and post to the incident channel.
 */
import github from '@flowops/plugin-github';
import http from '@flowops/plugin-http';
import log from '@flowops/plugin-log';
import slack from '@flowops/plugin-slack';
import transform from '@flowops/plugin-transform';
import { cast, defineWorkflow, env, isIn, secret, step, tpl, when } from '@flowops/sdk';
import { z } from 'zod';

export const Input = z.object({
  incidentId: z.string().regex(/^INC-\d+$/, 'incident ids look like INC-1234'),
  service: z.string().min(1),
  title: z.string().min(1).max(200),
  /** Share of failing requests over the alert window, 0..1. */
  errorRate: z.number().min(0).max(1),
  p95LatencyMs: z.number().nonnegative(),
  source: z.enum(['pagerduty', 'grafana', 'manual']).default('manual'),
  /** Where the tracking issue goes. */
  repository: z.object({ owner: z.string().min(1), name: z.string().min(1) }).default({ owner: 'acme', name: 'incidents' }),
});

/** sev1: most requests fail; sev2: noticeable errors or very slow; sev3: everything else. */
const SEVERITY = `(errorRate >= 0.25) ? "sev1" : (errorRate >= 0.05 or p95LatencyMs >= 2000) ? "sev2" : "sev3"`;

export default defineWorkflow({
  name: 'incident-triage',
  owner: '@acme/incident-response',
  description: 'Classify an alert, page on-call when it is serious, track it in GitHub, tell Slack',
  input: Input,
  defaults: { retry: { maxAttempts: 3, backoff: 'exponential', initialInterval: '1s' }, timeout: '30s' },
  steps: ({ input }) => {
    const classify = step(
      'classify-severity',
      transform.jsonata({ expression: SEVERITY, data: { errorRate: input.errorRate, p95LatencyMs: input.p95LatencyMs } }),
      { retry: { maxAttempts: 2 }, timeout: '10s', cache: { ttl: '5m' } },
    );
    const severity = cast<'sev1' | 'sev2' | 'sev3'>(classify.output.result);

    const route = when(
      'route-by-severity',
      isIn(severity, ['sev1', 'sev2']),
      [
        step(
          'page-oncall',
          http.request({
            method: 'POST',
            url: tpl`${env('PAGER_API')}/incidents`,
            headers: { authorization: tpl`Token ${secret('PAGER_TOKEN')}` },
            body: { incidentId: input.incidentId, service: input.service, severity, summary: input.title },
            expectStatus: [200, 201, 202],
          }),
          { retry: { maxAttempts: 5, initialInterval: '2s', maxInterval: '30s' }, timeout: '1m' },
        ),
      ],
      [
        step(
          'log-low-severity',
          log.write({ level: 'warn', message: tpl`${input.incidentId} triaged as ${severity}: no page`, fields: { service: input.service } }),
          { retry: { maxAttempts: 2 }, timeout: '10s' },
        ),
      ],
    );

    const issue = step(
      'create-tracking-issue',
      github.createIssue({
        owner: input.repository.owner,
        repo: input.repository.name,
        token: secret('GITHUB_TOKEN'),
        title: tpl`[${severity}] ${input.incidentId}: ${input.title}`,
        body: tpl`Service: ${input.service}\nSource: ${input.source}\nError rate: ${input.errorRate}\np95 latency: ${input.p95LatencyMs} ms`,
        labels: ['incident', severity],
      }),
      { retry: { maxAttempts: 4, initialInterval: '2s' }, timeout: '30s' },
    );

    const notify = step(
      'notify-incident-channel',
      slack.postMessage({
        webhookUrl: secret('SLACK_INCIDENTS_WEBHOOK_URL'),
        text: tpl`:rotating_light: ${severity} ${input.incidentId} on ${input.service}: ${input.title} — ${issue.output.url}`,
      }),
      { retry: { maxAttempts: 3 }, timeout: '30s', onError: 'continue' },
    );

    return { steps: [classify, route, issue, notify], output: { severity, issueUrl: issue.output.url, issueNumber: issue.output.number } };
  },
});
