/**
 * The redelivery sweep on a Temporal Schedule (`ensureRedeliverySchedule`, every 5 minutes):
 * one activity lists the App's failed deliveries and asks GitHub to redeliver them. Sandbox-safe.
 * @module
 */
import { proxyActivities } from '@temporalio/workflow';
import type { RedeliveryActivities, SweepSummary } from '../server/redelivery-sweep';

const sweep = proxyActivities<RedeliveryActivities>({
  startToCloseTimeout: '4 minutes', // < the Schedule's interval: sweeps never pile up
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
});

/** One sweep (the next Schedule tick tries again whatever this one left). */
export async function flowopsGithubRedeliverySweep(): Promise<SweepSummary> {
  return sweep.redeliverFailedDeliveries();
}
