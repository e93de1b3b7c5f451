import { decidedEvaluation, keepNaming, requireProposal } from '../../shared/data/evaluations.ts';
import * as namings from '../../shared/data/namings.ts';
import type { TransactItem } from '../../shared/data/store.ts';
import { getSubmission, submissionAudit, submissionPut } from '../../shared/data/submissions.ts';
import type { ProposalDecision } from '../../shared/domain/evaluations.ts';
import { checkIfMatch } from '../../shared/domain/preconditions.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { notifyRevocation, readManagedNaming } from './read-naming.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `POST /v1/namings/{id}/revocation-proposal/decision`: the issuer (or an authority above it, or an admin) decides the
 * revocation a failed annual evaluation proposed: revoke (as `POST .../revoke` does: reminders stop, the unit is
 * notified) or keep (the proposal is cleared), with a reason; the evaluated submission records the decision in the
 * same transaction. No proposal → 409.
 */
export const decideRevocationProposal: RouteImpl<ProposalDecision> = async (request) => {
  const before = await readManagedNaming(request.caller, request.params.id!);
  checkIfMatch(request.ifMatch, before.version);
  const proposal = requireProposal(before);
  const store = mainStore();
  const actor = actorOf(request);
  const { decision, reason } = request.body;
  const submission = await getSubmission(store, proposal.submissionId, true);
  const alongside: TransactItem[] = [];
  if (submission?.evaluation?.proposal?.namingId === before.id) {
    const { item, saved } = submissionPut(
      submission,
      decidedEvaluation(submission, decision, request.caller.sub, request.today),
      request.now,
    );
    alongside.push(
      item,
      submissionAudit(submission, saved, { actor, at: request.now, action: `${decision}-naming`, detail: { namingId: before.id, reason } }),
    );
  }
  if (decision === 'keep') {
    const kept = await keepNaming(store, before.id, reason, actor, request.now, alongside, request.ifMatch);
    return { body: kept, etag: kept.version };
  }
  const revoked = await namings.revokeNaming(store, before.id, reason, actor, request.today, request.now, alongside, request.ifMatch);
  await notifyRevocation(store, revoked);
  return { body: revoked, etag: revoked.version };
};
