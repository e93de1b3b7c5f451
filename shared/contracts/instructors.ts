import * as z from 'zod';
import {
  adjustmentCreate,
  adjustmentReasons,
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
  type Appointment,
  type Filing,
} from '../domain/instructors.ts';
import { allOf, lazySchema, listOf } from '../domain/schema.ts';
import { civilDate } from '../domain/time.ts';
import { unitTypes } from '../domain/units.ts';
import { named, type Contract, type Describes } from '../http/contract.ts';

const instructor = named(
  instructorSchema,
  'Instructor',
  'An instructor (民族团结进步创建指导员) of the database: who, where, how put forward, the years trained.',
);

/** An appointment of an instructor to a unit, for a 3-year term. */
export const appointment = named(
  lazySchema(() =>
    z.object({
      id: z.string(),
      unitId: z.string(),
      unitName: z.string(),
      unitRegion: z.string(),
      instructorId: z.string(),
      instructorName: z.string(),
      appointedOn: civilDate,
      termEndsOn: civilDate.describe('The last day of the term'),
      status: z.enum(['active', 'ended']).describe('ended from the day after its last day, or by an adjustment'),
      endedOn: civilDate.optional().describe("An adjustment's effective day (its successor's first), or the term's last day"),
      endReason: z
        .string()
        .optional()
        .describe(`An adjustment's reason (${adjustmentReasons.join(', ')}), or term-expired`),
      successorId: z.string().optional(),
      issuedBy: z.string().describe('The county department that appointed'),
      createdAt: z.string(),
    }),
  ),
  'Appointment',
  'An appointment (聘任) of an instructor to a unit for a 3-year term, in force through termEndsOn.',
);

/** One line of a filed list. */
const filingEntry = named(
  lazySchema(() =>
    z.object({
      instructorId: z.string(),
      instructorName: z.string(),
      unitId: z.string(),
      unitName: z.string(),
      appointedOn: civilDate,
      termEndsOn: civilDate,
    }),
  ),
  'FilingEntry',
  'One line of a filed list (备案名单): an instructor at a unit and the term.',
);

/** A filed list with what changed since the region's previous one. */
const filing = named(
  lazySchema(() =>
    z.object({
      id: z.string(),
      regionCode: z.string(),
      level: z.enum(['county', 'city', 'province']),
      asOf: civilDate,
      filedBy: z.string(),
      filedWith: z.string().describe('The region of the level above, which acknowledges it'),
      status: z.enum(['filed', 'acknowledged']),
      acknowledgedBy: z.string().optional(),
      acknowledgedAt: z.string().optional(),
      entries: z.array(filingEntry),
      previousFilingId: z.string().optional(),
      changes: z.object({
        added: z.array(filingEntry),
        removed: z.array(filingEntry).describe('Gone by an adjustment'),
        ended: z.array(filingEntry).describe('Gone because the term ran out'),
        changed: z.array(z.object({ before: filingEntry, after: filingEntry })),
      }),
      createdAt: z.string(),
    }),
  ),
  'Filing',
  "A filing (备案) of a region's active instructor list as of a date, with what changed since the last.",
);

/** A training attended. */
const training = named(
  lazySchema(() => trainingCreate.unwrap().extend({ id: z.string() })),
  'Training',
  'A training (培训) an instructor attended: date, title, hours, organiser.',
);

/** A unit without an active instructor, in a report. */
const unitWithoutInstructor = named(
  lazySchema(() => z.object({ unitId: z.string(), name: z.string(), type: z.enum(unitTypes), regionCode: z.string() })),
  'UnitWithoutInstructor',
  'A unit of a type with heavy ethnic work that has no active instructor (无指导员单位).',
);

/** What each route of the `instructors` function accepts and answers: the schemas that validate its requests and document it. */
export const instructorsContract = {
  createFiling: { body: named(filingCreate, 'FilingCreate'), response: filing },
  listFilings: { query: filingListQuery, response: named(listOf(filing), 'FilingPage') },
  acknowledgeFiling: { response: filing },
  createInstructor: { body: named(instructorCreate, 'InstructorCreate'), response: instructor, etag: true },
  listInstructors: { query: instructorListQuery, response: named(listOf(instructor), 'InstructorPage') },
  getInstructor: {
    response: named(
      lazySchema(() => instructorSchema.unwrap().extend({ appointments: z.array(appointment) })),
      'InstructorWithAppointments',
      'An instructor (指导员) with every appointment past and present.',
    ),
    etag: true,
  },
  updateInstructor: { body: named(instructorPatch, 'InstructorPatch'), response: instructor, etag: true },
  adjustInstructor: {
    body: named(adjustmentCreate, 'AdjustmentCreate'),
    response: named(
      lazySchema(() =>
        z.object({
          ended: z.array(appointment).describe('The appointments the adjustment ended'),
          started: z.array(appointment).describe("The successor's appointments, one per place handed over"),
        }),
      ),
      'Adjustment',
      'What a readjustment (调整) did: the appointments it ended and those its successor took up.',
    ),
  },
  createTraining: { body: named(trainingCreate, 'TrainingCreate'), response: training },
  listTrainings: { response: named(allOf(training), 'TrainingList') },
  appointInstructor: { body: named(appointmentCreate, 'AppointmentCreate'), response: appointment },
  listUnitInstructors: { response: named(allOf(appointment), 'AppointmentList') },
  unitsWithoutInstructors: { query: reportRegionQuery, response: named(listOf(unitWithoutInstructor), 'UnitWithoutInstructorPage') },
  trainingReport: {
    query: trainingReportQuery,
    response: named(
      lazySchema(() =>
        z.object({
          year: z.string(),
          items: z.array(instructorSchema.unwrap().pick({ id: true, name: true, regionCode: true, employer: true, trainedYears: true })),
          cursor: z.string().optional(),
        }),
      ),
      'TrainingReport',
      'Active instructors with no training (未参加培训) in a year, a page at a time.',
    ),
  },
} satisfies Contract<'instructors'>;

true satisfies Describes<typeof appointment, Appointment>;
true satisfies Describes<typeof filing, Filing>;
