import { suppressAddress } from '../../shared/data/notices.ts';
import { addressesToSuppress, type MailEvent } from '../../shared/notices/mail-events.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/admin/mail-events`: the same SES event shape the cloud's mail-events consumer reads, injected by hand. */
export const postMailEvent: RouteImpl<MailEvent> = async (request) => {
  const suppressed = addressesToSuppress(request.body);
  for (const { address, reason } of suppressed) await suppressAddress(mainStore(), address, reason, request.now);
  return { status: 202, body: { suppressed } };
};
