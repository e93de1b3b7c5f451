import { ConflictError, text } from '../../shared/domain/errors.ts';
import type { Submission } from '../../shared/domain/submissions.ts';
import { saveSubmission } from '../../shared/data/submissions.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { checkIfMatch, present, readVisibleSubmission, retrying } from './access.ts';
import { stepBy } from './steps.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `POST /v1/submissions/{id}/rectification`: the unit (or an authority in scope, for it) declares its rectification
 * between the rounds done, once, with what it fixed; from then the on-site round may open before the window's end.
 */
export const declareRectification: RouteImpl<{ note: string }> = (request) =>
  retrying(request, async () => {
    const { submission, relation } = await readVisibleSubmission(request.caller, request.params.id!, true);
    checkIfMatch(request, submission.version);
    if (submission.state !== 'in-rectification' || !submission.rectification)
      throw new ConflictError(
        text(`状态为 ${submission.state} 的申报不在整改期。`, `A submission that is ${submission.state} is not in rectification.`),
        'illegal-transition',
      );
    if (submission.rectification.declaredAt)
      throw new ConflictError(
        text(
          `已于 ${submission.rectification.declaredAt} 申报整改完成。`,
          `The rectification was declared done at ${submission.rectification.declaredAt}.`,
        ),
        'already-done',
      );
    const next: Submission = {
      ...submission,
      rectification: { ...submission.rectification, note: request.body.note, declaredAt: request.now, declaredBy: request.caller.sub },
    };
    const saved = await saveSubmission(mainStore(), submission, next, { ...stepBy(request), action: 'declareRectification' });
    return { body: present(saved, relation), etag: saved.version };
  });
