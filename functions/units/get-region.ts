import { NotFoundError, text } from '../../shared/domain/errors.ts';
import { findRegion, retiredRegion } from '../../shared/domain/regions.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';

/**
 * `GET /v1/regions/{code}`: a region of the GB/T 2260 list; 404 for any other code, one the list no longer has
 * (retired, such as the statistics-only `130171`) included, whose problem says what it was: records stored under it
 * keep it, but nothing new is filed there (see `shared/domain/regions.ts`).
 */
export const getRegion: RouteImpl = async (request) => {
  const code = request.params.code!;
  const region = findRegion(code);
  if (region) return { body: region, headers: { 'cache-control': 'public, max-age=86400' } };
  const former = retiredRegion(code);
  throw new NotFoundError(
    former
      ? text(
          `${code}（${former.name}）不在 GB/T 2260 行政区划代码（民政部县以上行政区划代码）中，已停用：以此代码登记的记录照常保留，新登记请使用其所在县级行政区的代码。`,
          `${code} (${former.name}) is not in the GB/T 2260 list of administrative division codes (the civil-affairs list) and is retired: records stored under it keep it, new ones use the code of the county it lies in.`,
        )
      : text(
          `${code} 不在 GB/T 2260 行政区划代码（全国行政区划）中。`,
          `No region ${code} in the GB/T 2260 list (the national directory).`,
        ),
  );
};
