import { ConflictError, ValidationError } from '../../shared/domain/errors.ts';
import { expiryOf, importRow } from '../../shared/domain/namings.ts';
import { civilDateAt } from '../../shared/domain/time.ts';
import * as namings from '../../shared/data/namings.ts';
import { mainStore } from '../../shared/data/store.ts';
import { getUnit } from '../../shared/data/units.ts';
import { inScope } from '../../shared/http/caller.ts';
import { fieldProblems } from '../../shared/http/problem.ts';
import type { FieldProblem } from '../../shared/domain/errors.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/actor.ts';

/**
 * `POST /v1/namings/import`: namings that predate Shifan. Each row is validated and stored on its own; the answer
 * lists what was created and what was refused, row by row (422 problem+json when no row was created).
 */
export const importNamings: RouteImpl<{ rows: unknown[] }> = async (request) => {
  const store = mainStore();
  const today = civilDateAt(new Date(request.now));
  const created: { row: number; id: string; certificateNo: string }[] = [];
  const refused: { row: number; errors: FieldProblem[] }[] = [];
  for (const [row, raw] of request.body.rows.entries()) {
    const parsed = importRow.safeParse(raw);
    if (!parsed.success) {
      refused.push({ row, errors: fieldProblems(parsed.error, 'body') });
      continue;
    }
    const input = parsed.data;
    const errors: FieldProblem[] = [];
    if (input.expiresOn !== undefined && input.expiresOn !== expiryOf(input.namedOn)) {
      errors.push({ pointer: '/expiresOn', detail: `must be ${expiryOf(input.namedOn)}, five years after namedOn` });
    }
    if (input.namedOn > today) errors.push({ pointer: '/namedOn', detail: 'must not be in the future' });
    const unit = await getUnit(store, input.unitId);
    if (!unit || !inScope(request.caller, unit.regionCode)) errors.push({ pointer: '/unitId', detail: `no unit ${input.unitId} in your region` });
    if (errors.length > 0 || !unit) {
      refused.push({ row, errors });
      continue;
    }
    try {
      const naming = await namings.importNaming(store, unit, input, request.caller.agencyId, actorOf(request), today, request.now);
      created.push({ row, id: naming.id, certificateNo: naming.certificateNo });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      refused.push({ row, errors: [{ pointer: '/certificateNo', detail: error.message }] });
    }
  }
  // Nothing imported is a refusal like any other: a problem+json whose errors point into the rows.
  if (created.length === 0) throw new ValidationError(refused.flatMap(({ row, errors }) => errors.map((e) => ({ ...e, pointer: `/rows/${row}${e.pointer}` }))), 'No row was imported; see errors.');
  return { status: 201, body: { created, refused } };
};
