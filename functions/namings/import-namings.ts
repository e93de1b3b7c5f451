import { ConflictError, ValidationError, text } from '../../shared/domain/errors.ts';
import { expiryOf, importRow, mayImportAt, namingLevelNames, nationalPrefix, regionAtLevel } from '../../shared/domain/namings.ts';
import { levelOf } from '../../shared/domain/campaigns.ts';
import * as namings from '../../shared/data/namings.ts';
import { getUnit } from '../../shared/data/units.ts';
import { inScope } from '../../shared/http/caller.ts';
import { fieldProblems, fieldProblemsIn } from '../../shared/http/problem.ts';
import type { FieldProblem } from '../../shared/domain/errors.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `POST /v1/namings/import`: namings that predate Shifan. Each row is validated and stored on its own; the answer
 * lists what was created and what was refused, row by row (422 problem+json when no row was created). An authority
 * imports namings at its own level or below, of units in its region, and is recorded as their issuer; a national
 * naming only the national authority (or an admin).
 */
export const importNamings: RouteImpl<{ rows: unknown[] }> = async (request) => {
  const store = mainStore();
  const today = request.today;
  const { caller } = request;
  const callerLevel = caller.role === 'admin' ? 'national' : levelOf(caller.region);
  const created: { row: number; id: string; certificateNo: string }[] = [];
  const refused: { row: number; errors: FieldProblem[] }[] = [];
  for (const [row, raw] of request.body.rows.entries()) {
    const parsed = importRow.safeParse(raw, { reportInput: true });
    if (!parsed.success) {
      refused.push({ row, errors: fieldProblems(parsed.error, 'body') });
      continue;
    }
    const input = parsed.data;
    const errors: FieldProblem[] = [];
    if (input.expiresOn !== undefined && input.expiresOn !== expiryOf(input.namedOn)) {
      errors.push({
        pointer: '/expiresOn',
        detail: text(`须为 ${expiryOf(input.namedOn)}，即命名日期后五年`, `must be ${expiryOf(input.namedOn)}, five years after namedOn`),
      });
    }
    if (input.namedOn > today) errors.push({ pointer: '/namedOn', detail: text('不得晚于今天', 'must not be in the future') });
    if (!callerLevel || !mayImportAt(callerLevel, input.level)) {
      errors.push({
        pointer: '/level',
        detail: text(
          `${namingLevelNames[input.level]}命名高于您的层级，不能导入。`,
          `A ${input.level} naming lies above your level (${callerLevel ?? 'unknown'}).`,
        ),
      });
    }
    if (caller.role !== 'admin' && input.issuedBy !== undefined && input.issuedBy !== caller.agencyId) {
      errors.push({
        pointer: '/issuedBy',
        detail: text(
          '民族工作部门只能导入本部门颁发的命名；只有管理员可以指定其他颁发机关',
          'an authority imports the namings it issued itself; only an admin names another issuer',
        ),
      });
    }
    if (input.certificateNo.startsWith(nationalPrefix) !== (input.level === 'national')) {
      errors.push({
        pointer: '/certificateNo',
        detail: text(
          `国民示编号仅用于国家级命名（${input.certificateNo} 为 ${input.level} 级）。`,
          `国民示 numbers are national namings' only (${input.certificateNo} at ${input.level} level).`,
        ),
      });
    }
    if ((input.kind === 'individual') !== (input.person !== undefined))
      errors.push({
        pointer: '/person',
        detail:
          input.kind === 'individual'
            ? text('先进个人须填写姓名和工作单位', "an individual's name and work unit are required")
            : text('只有先进个人（kind: individual）才有 person', 'only an individual (kind: individual) has a person'),
      });
    const unit = await getUnit(store, input.unitId);
    if (!unit || !inScope(request.caller, unit.regionCode))
      errors.push({ pointer: '/unitId', detail: text(`您的管辖地区内没有单位 ${input.unitId}`, `no unit ${input.unitId} in your region`) });
    if (errors.length > 0 || !unit) {
      refused.push({ row, errors });
      continue;
    }
    try {
      const issuer = {
        agencyId: input.issuedBy ?? caller.agencyId,
        level: input.level,
        regionCode: regionAtLevel(unit.regionCode, input.level),
      };
      const naming = await namings.importNaming(
        store,
        unit,
        { ...input, reminders: request.config.NAMING_REMINDER_DAYS },
        issuer,
        actorOf(request),
        today,
        request.now,
      );
      created.push({ row, id: naming.id, certificateNo: naming.certificateNo });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      refused.push({ row, errors: [{ pointer: '/certificateNo', detail: error.detail }] });
    }
  }
  // Nothing imported is a refusal like any other: a problem+json whose errors point into the rows.
  if (created.length === 0)
    throw new ValidationError(
      refused.flatMap(({ row, errors }) => errors.map((e) => ({ ...e, pointer: `/rows/${row}${e.pointer}` }))),
      text('没有导入任何一行，详见 errors。', 'No row was imported; see errors.'),
    );
  return {
    status: 201,
    body: { created, refused: refused.map(({ row, errors }) => ({ row, errors: fieldProblemsIn(errors, request.language) })) },
    // A batch has no path of its own: Location names the first naming it created.
    headers: { 'content-language': request.language, vary: 'Accept-Language', location: `/v1/namings/${created[0]!.id}` },
  };
};
