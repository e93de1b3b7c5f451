import type { ClientCreate } from '../../shared/domain/clients.ts';
import { machineScopes } from '../../shared/domain/clients.ts';
import { text, ValidationError } from '../../shared/domain/errors.ts';
import { getAuthority } from '../../shared/data/authorities.ts';
import * as clients from '../../shared/data/clients.ts';
import { actorOf } from '../../shared/http/actor.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { clientDirectory, mainStore } from '../../shared/clients.ts';

/**
 * `POST /v1/admin/clients`: registers an agency's system as a machine client (client credentials). The app client is
 * made first, then recorded (its token trigger reads the record), then admitted by the authorizer; the secret is
 * answered this once and kept nowhere.
 */
export const createClient: RouteImpl<ClientCreate> = async (request) => {
  const { agencyId, description } = request.body;
  if (!(await getAuthority(mainStore(), agencyId))) {
    throw new ValidationError(
      [{ pointer: '/agencyId', detail: text(`民族工作部门名录中没有 ${agencyId}`, `no agency ${agencyId} in the authority directory`) }],
      text(
        `民族工作部门名录中没有 ${agencyId}：请先登记该部门（PUT /v1/authorities/${agencyId}）。`,
        `The authority directory has no agency ${agencyId}: register it first (PUT /v1/authorities/${agencyId}).`,
      ),
    );
  }
  const directory = clientDirectory();
  const { clientId, clientSecret } = await directory.create(`${agencyId} ${description}`, machineScopes);
  const client = await clients.createClient(
    mainStore(),
    { clientId, agencyId, description, scopes: [...machineScopes], createdAt: request.now },
    actorOf(request),
  );
  await directory.allow((await clients.listClients(mainStore())).map((c) => c.clientId));
  return {
    status: 201,
    body: { ...client, clientSecret },
    headers: { location: `/v1/admin/clients/${client.clientId}`, 'cache-control': 'no-store' },
  };
};
