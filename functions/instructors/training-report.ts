import { regionPrefix } from '../../shared/domain/regions.ts';
import { listInstructorsByRegion } from '../../shared/data/instructors.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { reportRegion } from './read-instructor.ts';
import { mainStore } from '../../shared/clients.ts';

/** `GET /v1/reports/training?year=&region=`: active instructors with no training that year. */
export const trainingReport: RouteImpl<undefined, { year: string; region?: string; limit: number; cursor?: string }> = async (request) => {
  const region = reportRegion(request.caller, request.query.region);
  const page = await listInstructorsByRegion(mainStore(), {
    prefix: regionPrefix(region),
    province: region.slice(0, 2),
    status: 'active',
    untrainedIn: request.query.year,
    limit: request.query.limit,
    cursor: request.query.cursor,
  });
  return {
    body: {
      year: request.query.year,
      ...page,
      items: page.items.map(({ id, name, regionCode, employer, trainedYears }) => ({ id, name, regionCode, employer, trainedYears })),
    },
  };
};
