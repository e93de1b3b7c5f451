import { appointmentOn } from '../../shared/domain/instructors.ts';
import { shownStatus, type Naming } from '../../shared/domain/namings.ts';
import { listUnitAppointments } from '../../shared/data/appointments.ts';
import { countEvidence } from '../../shared/data/evidence.ts';
import { listUnitNamings } from '../../shared/data/namings.ts';
import { listNotices } from '../../shared/data/notices.ts';
import { listRechecks } from '../../shared/data/rechecks.ts';
import { listUnitSubmissions } from '../../shared/data/submissions.ts';
import type { Submission } from '../../shared/domain/submissions.ts';
import type { RouteImpl, RouteRequest } from '../../shared/http/handler.ts';
import { present } from '../campaigns/access.ts';
import { canSeeRecord, readVisibleUnit } from './read-unit.ts';
import { mainStore } from '../../shared/clients.ts';

/** Notices shown per naming: as many as `GET /v1/namings/{id}/notices` answers. */
const noticesPerNaming = 100;

/**
 * `GET /v1/units/{id}/dossier`: everything about a unit in one answer, each part as its own route shows it to the
 * caller — the unit to whoever may read it (404 otherwise); each naming to its unit or an authority whose region
 * covers the naming's, with its rechecks and notices; the submissions as `GET /v1/units/{id}/submissions` shows
 * them, each with its evidence counted where `GET /v1/submissions/{id}/evidence` would list it; the instructors past
 * and present. Every part is read by the unit's keys: no scan, and evidence is counted, not read.
 */
export const getUnitDossier: RouteImpl = async (request) => {
  const { caller } = request;
  const store = mainStore();
  const unit = await readVisibleUnit(caller, request.params.id!);
  const [namings, submissions, appointments] = await Promise.all([
    listUnitNamings(store, unit.id),
    listUnitSubmissions(store, unit.id),
    listUnitAppointments(store, unit.id),
  ]);
  return {
    body: {
      unit,
      namings: await Promise.all(namings.filter((n) => canSeeRecord(caller, n)).map((n) => namingPart(request, n))),
      submissions: await Promise.all(submissions.map((s) => submissionPart(request, s))),
      instructors: appointments.map((a) => appointmentOn(a, request.today)),
    },
  };
};

/** A naming as `GET /v1/namings/{id}` shows it, with what its rechecks and notices routes show of it. */
async function namingPart(request: RouteRequest, naming: Naming): Promise<Record<string, unknown>> {
  const [rechecks, notices] = await Promise.all([
    listRechecks(mainStore(), naming.id),
    listNotices(mainStore(), `naming#${naming.id}`, noticesPerNaming),
  ]);
  return {
    naming: { ...naming, shownStatus: shownStatus(naming.status, naming.expiresOn, request.today, request.config.NAMING_REMINDER_DAYS[0]) },
    rechecks,
    notices: notices.items,
    ...(notices.cursor ? { moreNotices: true } : {}),
  };
}

/** A submission as the unit's submissions route shows it to the caller, and its evidence counted if the caller may list it. */
async function submissionPart(request: RouteRequest, submission: Submission): Promise<Record<string, unknown>> {
  const { caller } = request;
  return {
    submission: present(submission, caller.role === 'unit' ? 'own-unit' : 'authority'),
    ...(canSeeRecord(caller, submission) ? { evidence: await countEvidence(mainStore(), submission.id) } : {}),
  };
}
