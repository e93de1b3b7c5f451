import {
  adjustmentCreate,
  appointmentCreate,
  filingCreate,
  filingListQuery,
  instructorCreate,
  instructorListQuery,
  instructorPatch,
  instructorSchema,
  reportRegionQuery,
  trainingCreate,
  trainingReportQuery,
} from '../domain/instructors.ts';
import type { Contract } from '../http/contract.ts';

/** What each route of the `instructors` function accepts and answers: the schemas that validate its requests and document it. */
export const instructorsContract = {
  createFiling: { body: filingCreate },
  listFilings: { query: filingListQuery },
  acknowledgeFiling: {},
  createInstructor: { body: instructorCreate, response: instructorSchema },
  listInstructors: { query: instructorListQuery },
  getInstructor: {},
  updateInstructor: { body: instructorPatch, response: instructorSchema },
  adjustInstructor: { body: adjustmentCreate },
  createTraining: { body: trainingCreate },
  listTrainings: {},
  appointInstructor: { body: appointmentCreate },
  listUnitInstructors: {},
  unitsWithoutInstructors: { query: reportRegionQuery },
  trainingReport: { query: trainingReportQuery },
} satisfies Contract<'instructors'>;
