/**
 * The fake GitHub's App webhook delivery endpoints: `GET /app/hook/deliveries` (newest first,
 * `cursor` pagination with a `Link` header, as GitHub) and
 * `POST /app/hook/deliveries/{delivery_id}/attempts` (202; delivers again in the background).
 * @module
 */
import type { FakeDelivery } from './deliveries';
import type { Handler, HandlerContext } from './handlers';

const listed = ({ body: _body, ...d }: FakeDelivery) => d;

const hooksOf = (ctx: HandlerContext) => ctx.state.hooks;

/** `apps/list-webhook-deliveries` and `apps/redeliver-webhook-delivery`. */
export const DELIVERY_HANDLERS: Record<string, Handler> = {
  'apps/list-webhook-deliveries': (ctx) => {
    const perPage = Math.min(100, Math.max(1, Number(ctx.query.get('per_page') ?? 30)));
    const cursor = ctx.query.get('cursor');
    const newestFirst = [...hooksOf(ctx).deliveries].reverse();
    const start = cursor ? newestFirst.findIndex((d) => `v1_${d.id}` === cursor) : 0;
    if (start < 0) return { status: 400, body: { message: `Invalid cursor ${cursor}` } };
    const page = newestFirst.slice(start, start + perPage);
    const next = newestFirst[start + perPage];
    const headers: Record<string, string> = next ? { link: `<${ctx.baseUrl}/app/hook/deliveries?per_page=${perPage}&cursor=v1_${next.id}>; rel="next"` } : {};
    return { status: 200, body: page.map(listed), headers };
  },
  'apps/redeliver-webhook-delivery': (ctx) => {
    const attempt = hooksOf(ctx).redeliver(Number(ctx.params.delivery_id));
    if (!attempt) return { status: 404, body: { message: 'Not Found' } };
    return { status: 202, body: {} };
  },
};
