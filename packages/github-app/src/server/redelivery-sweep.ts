/**
 * The redelivery sweep: how a stateless App recovers the webhooks it answered 503 (or never
 * answered) — the way GitHub documents it. The App lists its recent deliveries
 * (`GET /app/hook/deliveries`, App JWT, newest first, cursor pagination), and asks GitHub to
 * redeliver (`POST /app/hook/deliveries/{delivery_id}/attempts`) each event (guid) whose
 * deliveries all failed — bounded in age and count, oldest first, logged. A redelivered event
 * maps to the same workflow id as its first delivery, so Temporal never starts its work twice.
 * It runs at start-up and on a Temporal Schedule (`ensureRedeliverySchedule`).
 * @module
 */
import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';

/** A GitHub "simple webhook delivery" (the fields the sweep reads). */
export interface HookDelivery {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  status: string;
  status_code: number;
  event: string;
  action?: string | null;
}

/** octokit's `request` as the App (JWT): `app.octokit.request`. */
export type AppRequest = (route: string, params?: Record<string, unknown>) => Promise<{ data: unknown; headers: { link?: string | undefined } }>;

export interface SweepLimits {
  /** Deliveries older than this are left alone (default 24 h; GitHub keeps 3 days). */
  maxAgeMs?: number;
  /** Redeliveries asked for per sweep at most (default 50). */
  maxRedeliveries?: number;
  /** Pages read at most (default 20) and deliveries per page (default 100, GitHub's maximum). */
  maxPages?: number;
  pageSize?: number;
}

export interface SweepSummary {
  listed: number;
  /** Events (guids) none of whose deliveries succeeded. */
  failed: number;
  /** Delivery ids GitHub was asked to redeliver. */
  redelivered: number[];
  /** Failed events left for the next sweep (over `maxRedeliveries`). */
  deferred: number;
  errors: string[];
}

export const DEFAULT_SWEEP_LIMITS: Required<SweepLimits> = { maxAgeMs: 24 * 60 * 60 * 1000, maxRedeliveries: 50, maxPages: 20, pageSize: 100 };
/** How often the Schedule sweeps (GitHub does not redeliver by itself). */
export const REDELIVERY_EVERY = '5 minutes';

const succeeded = (d: HookDelivery) => d.status_code >= 200 && d.status_code < 300;

/** The `cursor` of the `rel="next"` link, if any. */
export function nextCursor(link: string | undefined): string | undefined {
  const next = link?.split(',').find((part) => /rel="next"/.test(part));
  const url = next && /<([^>]+)>/.exec(next)?.[1];
  return url ? (new URL(url).searchParams.get('cursor') ?? undefined) : undefined;
}

/** The recent deliveries, newest first, up to `maxAgeMs` back. */
async function listRecent(request: AppRequest, limits: Required<SweepLimits>, now: number): Promise<HookDelivery[]> {
  const out: HookDelivery[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < limits.maxPages; page++) {
    const res = await request('GET /app/hook/deliveries', { per_page: limits.pageSize, ...(cursor ? { cursor } : {}) });
    const items = res.data as HookDelivery[];
    for (const d of items) {
      if (now - Date.parse(d.delivered_at) > limits.maxAgeMs) return out;
      out.push(d);
    }
    cursor = nextCursor(res.headers.link);
    if (!cursor || items.length === 0) break;
  }
  return out;
}

/** The delivery to redeliver for each event none of whose deliveries succeeded (its latest), oldest event first. */
export function failedEvents(deliveries: HookDelivery[]): HookDelivery[] {
  const byGuid = new Map<string, HookDelivery[]>();
  for (const d of deliveries) byGuid.set(d.guid, [...(byGuid.get(d.guid) ?? []), d]);
  const failed: HookDelivery[] = [];
  for (const list of byGuid.values()) {
    if (list.some(succeeded)) continue; // handled (or recognised as a duplicate) once: nothing to redo
    failed.push(list.reduce((a, b) => (Date.parse(b.delivered_at) > Date.parse(a.delivered_at) || (b.delivered_at === a.delivered_at && b.id > a.id) ? b : a)));
  }
  return failed.sort((a, b) => Date.parse(a.delivered_at) - Date.parse(b.delivered_at) || a.id - b.id);
}

/** One sweep: list, pick the failed events, ask for their redelivery. Never throws for one refused redelivery. */
export async function sweepFailedDeliveries(o: {
  request: AppRequest;
  limits?: SweepLimits;
  now?: number;
  log?: (event: Record<string, unknown>) => void;
}): Promise<SweepSummary> {
  const limits = { ...DEFAULT_SWEEP_LIMITS, ...o.limits };
  const log = o.log ?? (() => {});
  const deliveries = await listRecent(o.request, limits, o.now ?? Date.now());
  const failed = failedEvents(deliveries);
  const summary: SweepSummary = {
    listed: deliveries.length,
    failed: failed.length,
    redelivered: [],
    deferred: Math.max(0, failed.length - limits.maxRedeliveries),
    errors: [],
  };
  for (const d of failed.slice(0, limits.maxRedeliveries)) {
    try {
      await o.request('POST /app/hook/deliveries/{delivery_id}/attempts', { delivery_id: d.id });
      summary.redelivered.push(d.id);
      log({ msg: 'redelivery requested', delivery: d.guid, deliveryId: d.id, event: d.event, failedWith: d.status_code, deliveredAt: d.delivered_at });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      summary.errors.push(`${d.id}: ${message}`);
      log({ msg: 'redelivery refused by GitHub', delivery: d.guid, deliveryId: d.id, error: message });
    }
  }
  log({
    msg: 'redelivery sweep',
    listed: summary.listed,
    failed: summary.failed,
    redelivered: summary.redelivered.length,
    deferred: summary.deferred,
    errors: summary.errors.length,
  });
  return summary;
}

/** The activity behind the Schedule's workflow (`flowopsGithubRedeliverySweep`). */
export function createRedeliveryActivities(o: { request: AppRequest; limits?: SweepLimits; log?: (event: Record<string, unknown>) => void }) {
  return {
    redeliverFailedDeliveries: (): Promise<SweepSummary> => sweepFailedDeliveries(o),
  };
}
export type RedeliveryActivities = ReturnType<typeof createRedeliveryActivities>;

/** Id of the sweep's Schedule (one per App task queue). */
export function redeliveryScheduleId(taskQueue: string): string {
  return `flowops-github-redelivery-${taskQueue}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** Creates the sweep's Schedule unless it exists; returns its id. */
export async function ensureRedeliverySchedule(client: Client, taskQueue: string, every: string = REDELIVERY_EVERY): Promise<string> {
  const scheduleId = redeliveryScheduleId(taskQueue);
  try {
    await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: every as '5 minutes' }] },
      action: { type: 'startWorkflow', workflowType: 'flowopsGithubRedeliverySweep', taskQueue, args: [], workflowId: `${scheduleId}-run` },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  return scheduleId;
}
