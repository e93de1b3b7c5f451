import { httpFunction } from '../../shared/http/handler.ts';
import { unitsContract } from '../../shared/contracts/units.ts';
import { createUnit } from './create-unit.ts';
import { getUnit } from './get-unit.ts';
import { getUnitDossier } from './get-unit-dossier.ts';
import { updateUnit } from './update-unit.ts';
import { listUnits } from './list-units.ts';
import { getRegion } from './get-region.ts';
import { listRegions } from './list-regions.ts';
import { getAuthority, putAuthority } from './authorities.ts';

/** Units, the region directory and the authority directory. */
export const handler = httpFunction('units', unitsContract, {
  createUnit,
  getUnit,
  updateUnit,
  getUnitDossier,
  listUnits,
  getRegion,
  listRegions,
  putAuthority,
  getAuthority,
});
