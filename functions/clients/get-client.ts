import { NotFoundError, text } from '../../shared/domain/errors.ts';
import * as clients from '../../shared/data/clients.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/** `GET /v1/admin/clients/{clientId}`: which agency a machine client acts for; its secret was shown once, at registration. */
export const getClient: RouteImpl = async (request) => {
  const clientId = String(request.params.clientId);
  const client = await clients.getClient(mainStore(), clientId);
  if (!client) throw new NotFoundError(text(`没有机器客户端 ${clientId}。`, `No machine client ${clientId}.`));
  return { body: client };
};
