import { httpFunction } from '../../shared/http/handler.ts';
import { instructorsContract } from '../../shared/contracts/instructors.ts';
import {
  adjustInstructor, appointInstructor, createInstructor, createTraining, getInstructor, listInstructors, listTrainings, listUnitInstructors, updateInstructor,
} from './instructors.ts';
import { acknowledgeFiling, createFiling, listFilings, trainingReport, unitsWithoutInstructors } from './filings.ts';

/** Instructors (指导员): the database, appointments, adjustments, filings, training and their reports. */
export const handler = httpFunction('instructors', instructorsContract, {
  createInstructor, getInstructor, updateInstructor, listInstructors, appointInstructor, listUnitInstructors, adjustInstructor, createTraining, listTrainings,
  createFiling, listFilings, acknowledgeFiling, unitsWithoutInstructors, trainingReport,
});
