import { noticeQueue } from '../../shared/clients.ts';
import * as queue from '../../shared/notices/queue.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';

/** `POST /v1/admin/notices/redrive`: moves every DLQ notice back to the notices queue. */
export const redriveNotices: RouteImpl = async () => ({ status: 202, body: { moved: await queue.redriveNotices(noticeQueue()) } });
