import { noticeQueue } from '../../shared/clients.ts';
import * as queue from '../../shared/notices/queue.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';

/** `GET /v1/admin/notices/dead-letters`: up to 10 notices in the DLQ, left there. */
export const listDeadLetters: RouteImpl = async () => ({ body: { items: await queue.listDeadLetters(noticeQueue()) } });
