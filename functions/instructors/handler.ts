import { httpFunction } from '../../shared/http/handler.ts';
import { instructorsContract } from '../../shared/contracts/instructors.ts';
import { acknowledgeFiling } from './acknowledge-filing.ts';
import { adjustInstructor } from './adjust-instructor.ts';
import { appointInstructor } from './appoint-instructor.ts';
import { createFiling } from './create-filing.ts';
import { createInstructor } from './create-instructor.ts';
import { createTraining } from './create-training.ts';
import { getInstructor } from './get-instructor.ts';
import { listFilings } from './list-filings.ts';
import { listInstructors } from './list-instructors.ts';
import { listTrainings } from './list-trainings.ts';
import { listUnitInstructors } from './list-unit-instructors.ts';
import { trainingReport } from './training-report.ts';
import { unitsWithoutInstructors } from './units-without-instructors.ts';
import { updateInstructor } from './update-instructor.ts';

/** Instructors (指导员): the database, appointments, adjustments, filings, training and their reports. */
export const handler = httpFunction('instructors', instructorsContract, {
  createInstructor,
  getInstructor,
  updateInstructor,
  listInstructors,
  appointInstructor,
  listUnitInstructors,
  adjustInstructor,
  createTraining,
  listTrainings,
  createFiling,
  listFilings,
  acknowledgeFiling,
  unitsWithoutInstructors,
  trainingReport,
});
