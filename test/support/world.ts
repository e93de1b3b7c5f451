import { createHash, randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { demoFramework } from '../../infra/local/demo-framework.ts';
import { addDays, addYears, civilDateAt } from '../../shared/domain/time.ts';
import type { Caller } from '../../shared/http/caller.ts';
import { callApi } from './api.ts';
import type { Answer, HttpRequest } from './events.ts';

/*
 * A small world of two provinces, 湖北 and 湖南, each seeded through the handlers as its agencies would build it:
 * the authority directory (province, city, county), a unit, a framework, a campaign with a submission under review
 * by an assigned reviewer, uploaded evidence, two namings (one to revoke) with a recheck, an instructor appointed to
 * the unit with a training and a filing, a plan with a task and its uploaded evidence, two webhook subscriptions of the
 * province's authority (one pinged once). Every person in it has a distinctive phone and email, so that tests can prove
 * where they never appear.
 */

/** The codes and agencies of one province of the world: the province, one of its cities and one of that city's counties. */
export interface ProvinceSpec {
  key: 'hubei' | 'hunan';
  province: string;
  city: string;
  county: string;
  /** Another county of the city, where the reviewer sits (a reviewer of the unit's own county has a conflict). */
  reviewerCounty: string;
  /** Certificate prefix (鄂民示, 湘民示). */
  certificate: string;
  /** Two digits that make this province's phone numbers and emails its own. */
  tag: string;
  /** 湖北, 湖南. */
  name: string;
}

/** 湖北 (home of the callers in the tenancy matrix) and 湖南 (the other province). */
export const provinces = {
  hubei: {
    key: 'hubei',
    province: '420000',
    city: '420100',
    county: '420102',
    reviewerCounty: '420103',
    certificate: '鄂民示',
    tag: '42',
    name: '湖北',
  },
  hunan: {
    key: 'hunan',
    province: '430000',
    city: '430100',
    county: '430102',
    reviewerCounty: '430103',
    certificate: '湘民示',
    tag: '43',
    name: '湖南',
  },
} as const satisfies Record<string, ProvinceSpec>;

/** The agency that organises a province's campaign jointly with its authority (it reads the campaign's submissions). */
export const jointOrganiser = (key: string) => `${key}-joint-organiser`;

/** The signed-in callers of one province. */
export interface ProvinceCallers {
  provinceAuthority: Caller;
  cityAuthority: Caller;
  countyAuthority: Caller;
  unit: Caller;
  /** The reviewer assigned to the province's submission. */
  reviewer: Caller;
  finance: Caller;
}

/** What was seeded in one province: ids to aim requests at, and the personal data that must not leak. */
export interface ProvinceWorld {
  spec: ProvinceSpec;
  callers: ProvinceCallers;
  agencies: { province: string; city: string; county: string };
  unitId: string;
  unitName: string;
  frameworkId: string;
  campaignId: string;
  submissionId: string;
  /** An advanced individual's nomination (draft): its nominee's particulars are in `secrets.personal`. */
  nominationId: string;
  submissionEvidenceId: string;
  reviewerId: string;
  namingId: string;
  /** A second naming of the unit, for routes that revoke. */
  revocableNamingId: string;
  certificateNo: string;
  recheckId: string;
  /** Another unit, its naming, and a mutual inspection pairing it with the first naming (the recheck of each side). */
  partnerUnitId: string;
  partnerNamingId: string;
  inspectionId: string;
  partnerInspectionId: string;
  instructorId: string;
  filingId: string;
  planId: string;
  planTitle: string;
  taskId: string;
  taskTitle: string;
  taskEvidenceId: string;
  /** A machine client registered for the province's authority. */
  clientId: string;
  /** A webhook subscription of the province's authority (a loopback URL never delivered to here), and its ping's delivery. */
  webhookId: string;
  webhookDeliveryId: string;
  /** A second subscription of the province's authority, for the route that deletes. */
  deletableWebhookId: string;
  /** The rounds of the campaign: document, on-site. */
  rounds: readonly string[];
  /**
   * What a caller outside this province must not learn: its people's phones, emails and names (`personal`, which
   * no public answer shows either), its records' ids, and the names of its unit, authorities, plan and task.
   */
  secrets: { personal: string[]; ids: string[]; names: string[] };
}

/** The whole world: both provinces and the admin. */
export interface World {
  hubei: ProvinceWorld;
  hunan: ProvinceWorld;
  admin: Caller;
  today: string;
}

/** An administrator: the whole country. */
export const worldAdmin: Caller = { sub: 'world-admin', role: 'admin', agencyId: 'shifan-operations', region: '000000' };

const benchmarks = { nationalGdpGrowth: 0.05, provincialIncomeGrowth: 0.06 };

/** A complete, valid sheet of the demo framework for a community: no veto, both bonuses. */
export function communitySheet(): Record<string, unknown> {
  const values: Record<string, unknown> = { V1: false, B1: 2, B2: 1 };
  demoFramework.areas
    .flatMap((a) => a.indicators)
    .forEach((ind, i) => {
      values[ind.id] = ind.kind === 'check' ? true : ind.kind === 'level' ? ['A', 'B', 'C'][i % 3] : ind.kind === 'ratio' ? 0.8 : 0.07;
    });
  return values;
}

/** The bytes of a small evidence file. */
const evidenceBytes = (name: string) => Buffer.from(`%PDF-1.4 ${name}`);

/** The declaration of a small evidence file (POST .../evidence). */
export function evidenceFile(name: string): { fileName: string; contentType: 'application/pdf'; size: number; sha256: string } {
  const bytes = evidenceBytes(name);
  return {
    fileName: `${name}.pdf`,
    contentType: 'application/pdf',
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/** Puts an evidence file where its presigned upload says, as a browser would; it stays pending until confirmed. */
async function upload(declared: Answer, name: string): Promise<void> {
  const { url, headers } = declared.body.upload as { url: string; headers: Record<string, string> };
  const response = await fetch(url, { method: 'PUT', headers, body: evidenceBytes(name) });
  if (!response.ok) throw new Error(`Uploading ${name} answered ${response.status}`);
}

/** Calls the API; any status but `status` stops the seeding, quoting the answer. */
async function expectStatus(status: number, request: HttpRequest): Promise<Answer> {
  const answer = await callApi(request);
  if (answer.status !== status) {
    throw new Error(`Seeding ${request.method} ${request.path} answered ${answer.status}, not ${status}: ${answer.raw}`);
  }
  return answer;
}

const ifMatch = (answer: Answer) => ({ 'if-match': answer.headers.etag! });

async function seedProvince(spec: ProvinceSpec, today: string, run: string): Promise<ProvinceWorld> {
  const { key, tag, name: province } = spec;
  const agencies = { province: `${key}-ethnic-affairs`, city: `${key}-city-ethnic-affairs`, county: `${key}-county-ethnic-affairs` };
  const provinceAuthority: Caller = {
    sub: `${key}-province-officer`,
    role: 'authority',
    agencyId: agencies.province,
    region: spec.province,
  };
  const cityAuthority: Caller = { sub: `${key}-city-officer`, role: 'authority', agencyId: agencies.city, region: spec.city };
  const countyAuthority: Caller = { sub: `${key}-county-officer`, role: 'authority', agencyId: agencies.county, region: spec.county };
  const phone = (n: number) => `137${tag}${String(n).padStart(6, '0')}`;
  const email = (who: string) => `${who}.${key}.${run}@secret-${tag}.example.cn`;
  const personal: string[] = [];
  const names: string[] = [];
  const person = (who: string, name: string, n: number) => {
    const contact = { name, email: email(who), phone: phone(n) };
    personal.push(contact.email, contact.phone, contact.name);
    return contact;
  };

  // The authority directory: each authority registers its own entry.
  const directory = [
    [provinceAuthority, `${province}省民族宗教事务委员会`, person('province-contact', `省联络员${tag}甲`, 1)],
    [cityAuthority, `${province}省会市民族宗教事务局`, person('city-contact', `市联络员${tag}乙`, 2)],
    [countyAuthority, `${province}省会中心区民族宗教事务局`, person('county-contact', `区联络员${tag}丙`, 3)],
  ] as const;
  for (const [caller, name, contact] of directory) {
    names.push(name);
    await expectStatus(200, {
      method: 'PUT',
      path: `/v1/authorities/${caller.agencyId}`,
      claims: caller,
      body: { name, regionCode: caller.region, contacts: [contact] },
    });
  }
  // The joint organiser (seed 004: 民宗委 with 人社局) is entered in the directory by the admin: a campaign names only
  // co-organisers the directory knows, and its notices name them.
  await expectStatus(200, {
    method: 'PUT',
    path: `/v1/authorities/${jointOrganiser(key)}`,
    claims: worldAdmin,
    body: {
      name: `${province}省人力资源和社会保障厅`,
      regionCode: provinceAuthority.region,
      contacts: [person('joint-contact', `人社联络员${tag}辛`, 9)],
    },
  });

  const unitName = `${province}民族团结社区 ${run}`;
  names.push(unitName);
  const unit = await expectStatus(201, {
    method: 'POST',
    path: '/v1/units',
    claims: provinceAuthority,
    body: {
      name: unitName,
      type: 'community',
      regionCode: spec.county,
      zone: false,
      authorityId: agencies.county,
      contacts: [person('unit-contact', `社区主任${tag}丁`, 4)],
    },
  });
  const unitId = unit.body.id as string;
  const unitCaller: Caller = { sub: `${key}-unit-user`, role: 'unit', agencyId: unitId, region: spec.county };

  const framework = await expectStatus(201, {
    method: 'POST',
    path: '/v1/frameworks',
    claims: provinceAuthority,
    body: { ...demoFramework, version: `world-${key}-${run}` },
  });
  const frameworkId = framework.body.id as string;
  const rounds = ['document', 'on-site'] as const;
  const campaign = await expectStatus(201, {
    method: 'POST',
    path: '/v1/campaigns',
    claims: provinceAuthority,
    body: {
      name: `${province}省民族团结进步示范单位命名 ${run}`,
      kind: 'naming',
      level: 'province',
      frameworkId,
      // Organised jointly with an agency of no region of its own here (seed 004: 民宗委 with 人社局).
      coOrganisers: [jointOrganiser(key)],
      rounds: [
        { name: rounds[0], weight: 0.4 },
        { name: rounds[1], weight: 0.6 },
      ],
      passMark: 60,
      quota: 3,
      grassrootsShare: 0.5,
      benchmarks,
      dates: {
        applicationsOpen: addDays(today, -10),
        applicationsClose: addDays(today, 10),
        documentReview: { from: addDays(today, 11), to: addDays(today, 20) },
        onSiteReview: { from: addDays(today, 21), to: addDays(today, 30) },
        appealWorkingDays: 5,
        publicNoticeWorkingDays: 5,
      },
    },
  });
  const campaignId = campaign.body.id as string;

  // The submission: applied, self-assessed, with evidence, submitted and endorsed up the chain, then under review.
  const applied = await expectStatus(201, {
    method: 'POST',
    path: `/v1/campaigns/${campaignId}/submissions`,
    claims: unitCaller,
    body: {},
  });
  const submissionId = applied.body.id as string;
  await expectStatus(200, {
    method: 'PUT',
    path: `/v1/submissions/${submissionId}/self-assessment`,
    claims: unitCaller,
    headers: ifMatch(applied),
    body: { values: communitySheet() },
  });
  const evidence = await expectStatus(201, {
    method: 'POST',
    path: `/v1/submissions/${submissionId}/evidence`,
    claims: unitCaller,
    body: evidenceFile(`${key}-submission-${run}`),
  });
  await upload(evidence, `${key}-submission-${run}`);
  const current = await expectStatus(200, { method: 'GET', path: `/v1/submissions/${submissionId}`, claims: unitCaller });
  let moved = await expectStatus(200, {
    method: 'POST',
    path: `/v1/submissions/${submissionId}/transitions`,
    claims: unitCaller,
    headers: ifMatch(current),
    body: { action: 'submit' },
  });
  for (const endorser of [countyAuthority, cityAuthority, provinceAuthority]) {
    moved = await expectStatus(200, {
      method: 'POST',
      path: `/v1/submissions/${submissionId}/transitions`,
      claims: endorser,
      headers: ifMatch(moved),
      body: { action: 'endorse' },
    });
  }
  const reviewerId = `${key}-reviewer-${run}`;
  const reviewerPerson = person('reviewer', `评审专家${tag}戊`, 5);
  await expectStatus(200, {
    method: 'PUT',
    path: `/v1/reviewers/${reviewerId}`,
    claims: provinceAuthority,
    body: { name: reviewerPerson.name, agencyId: `${key}-expert-pool`, regionCode: spec.reviewerCounty, email: reviewerPerson.email },
  });
  await expectStatus(201, {
    method: 'POST',
    path: `/v1/submissions/${submissionId}/rounds/${rounds[0]}/assignments`,
    claims: provinceAuthority,
    body: { reviewerId },
  });
  const reviewer: Caller = { sub: reviewerId, role: 'reviewer', agencyId: `${key}-expert-pool`, region: spec.province };

  // Two namings of the unit that predate Shifan, and a recheck of the first.
  const sequence = Number.parseInt(run.slice(-4), 36) % 9000;
  const certificateNo = `${spec.certificate}〔${today.slice(0, 4)}〕${String(sequence + 1000).padStart(4, '0')}`;
  const imported = await expectStatus(201, {
    method: 'POST',
    path: '/v1/namings/import',
    claims: provinceAuthority,
    body: {
      rows: [
        { unitId, level: 'province', certificateNo, namedOn: addYears(today, -1) },
        {
          unitId,
          level: 'city',
          certificateNo: `${spec.certificate}〔${today.slice(0, 4)}〕${String(sequence + 1001).padStart(4, '0')}`,
          namedOn: addYears(today, -2),
        },
      ],
    },
  });
  const [namingId, revocableNamingId] = (imported.body.created as { id: string }[]).map((c) => c.id) as [string, string];
  const recheck = await expectStatus(201, {
    method: 'POST',
    path: `/v1/namings/${namingId}/rechecks`,
    claims: provinceAuthority,
    body: { kind: 'recheck', dueOn: addDays(today, 30), assignees: [agencies.province] },
  });

  // A second unit, named by the province, paired with the first for a mutual inspection (互观互检).
  const partnerName = `${province}民族团结村 ${run}`;
  names.push(partnerName);
  const partner = await expectStatus(201, {
    method: 'POST',
    path: '/v1/units',
    claims: provinceAuthority,
    body: {
      name: partnerName,
      type: 'village',
      regionCode: spec.county,
      zone: false,
      authorityId: agencies.county,
      contacts: [person('partner-contact', `村主任${tag}庚`, 8)],
    },
  });
  const partnerUnitId = partner.body.id as string;
  const partnerNaming = await expectStatus(201, {
    method: 'POST',
    path: '/v1/namings/import',
    claims: provinceAuthority,
    body: {
      rows: [
        {
          unitId: partnerUnitId,
          level: 'province',
          certificateNo: `${spec.certificate}〔${today.slice(0, 4)}〕${String(sequence + 1002).padStart(4, '0')}`,
          namedOn: addYears(today, -1),
        },
      ],
    },
  });
  const partnerNamingId = partnerNaming.body.created[0].id as string;
  const inspection = await expectStatus(201, {
    method: 'POST',
    path: `/v1/namings/${namingId}/rechecks`,
    claims: provinceAuthority,
    body: { kind: 'inspection', dueOn: addDays(today, 30), assignees: [agencies.province], pairedNamingId: partnerNamingId },
  });

  // An instructor, appointed to the unit by its county, trained, and filed with the city.
  const instructor = await expectStatus(201, {
    method: 'POST',
    path: '/v1/instructors',
    claims: provinceAuthority,
    body: {
      ...person('instructor', `指导员${tag}己`, 6),
      gender: 'female',
      ethnicity: '土家族',
      employer: `${province}区委统战部`,
      position: '科长',
      regionCode: spec.county,
      source: 'unit-recommendation',
    },
  });
  const instructorId = instructor.body.id as string;
  await expectStatus(201, {
    method: 'POST',
    path: `/v1/units/${unitId}/instructors`,
    claims: countyAuthority,
    body: { instructorId, appointedOn: today },
  });
  await expectStatus(201, {
    method: 'POST',
    path: `/v1/instructors/${instructorId}/trainings`,
    claims: provinceAuthority,
    body: { date: today, title: '民族政策培训', hours: 4, organiser: `${province}省民宗委` },
  });
  const filing = await expectStatus(201, {
    method: 'POST',
    path: '/v1/instructors/filings',
    claims: countyAuthority,
    body: { asOf: today },
  });

  // A plan of the province with one task of its own agency, and the task's evidence.
  const planTitle = `${province}省创建三年行动计划 ${run}`;
  const taskTitle = `${province}省重点任务 ${run}`;
  names.push(planTitle, taskTitle);
  const plan = await expectStatus(201, {
    method: 'POST',
    path: '/v1/plans',
    claims: provinceAuthority,
    body: {
      title: planTitle,
      phases: [{ name: '夯实基础', from: addDays(today, -30), to: addDays(today, 300) }],
      targets: [{ measure: 'coverage', scope: 'key', atLeast: 0.9 }],
    },
  });
  const planId = plan.body.id as string;
  const task = await expectStatus(201, {
    method: 'POST',
    path: `/v1/plans/${planId}/tasks`,
    claims: provinceAuthority,
    body: {
      title: taskTitle,
      responsibleAgency: agencies.province,
      phase: '夯实基础',
      dueOn: addDays(today, 30),
      measure: '印发任务分解表',
    },
  });
  const taskId = task.body.id as string;
  const taskEvidence = await expectStatus(201, {
    method: 'POST',
    path: `/v1/tasks/${taskId}/evidence`,
    claims: provinceAuthority,
    body: evidenceFile(`${key}-task-${run}`),
  });
  await upload(taskEvidence, `${key}-task-${run}`);

  // An advanced individual nominated by the unit, in a campaign naming individuals: personal data that only the
  // province's authorities in scope, the unit and an assigned reviewer may read, and no public answer shows.
  const individualCampaign = await expectStatus(201, {
    method: 'POST',
    path: '/v1/campaigns',
    claims: provinceAuthority,
    body: {
      ...Object.fromEntries(
        ['kind', 'level', 'frameworkId', 'rounds', 'passMark', 'quota', 'grassrootsShare', 'benchmarks', 'dates'].map((f) => [
          f,
          campaign.body[f],
        ]),
      ),
      name: `${province}省民族团结进步先进个人推荐 ${run}`,
      honour: 'individual',
    },
  });
  const nominee = {
    name: `被推荐人${key}${run}`,
    gender: 'female',
    ethnicity: '土家族',
    workUnit: unitName,
    position: `职务-${key}-${run}`,
    deeds: `事迹-${key}-${run}：组织各族群众互助`,
  };
  const nomination = await expectStatus(201, {
    method: 'POST',
    path: `/v1/campaigns/${individualCampaign.body.id}/submissions`,
    claims: unitCaller,
    body: { nominee },
  });
  personal.push(nominee.name, nominee.position, nominee.deeds);

  // Two subscriptions of the province's system, and a ping of the first (queued, never delivered in these tests).
  const hookDescription = `${province}省政务平台 ${run}`;
  names.push(hookDescription);
  // One after the other: both move the agency's subscription count.
  const subscribe = (name: string) =>
    expectStatus(201, {
      method: 'POST',
      path: '/v1/webhooks',
      claims: provinceAuthority,
      body: {
        url: `http://127.0.0.1:9/hook-${key}-${name}`,
        events: ['submission.state-changed', 'naming.created'],
        description: hookDescription,
      },
    });
  const webhook = await subscribe('board');
  const deletableWebhook = await subscribe('spare');
  const ping = await expectStatus(202, { method: 'POST', path: `/v1/webhooks/${webhook.body.id}/ping`, claims: provinceAuthority });

  const world: Omit<ProvinceWorld, 'secrets'> = {
    spec,
    agencies,
    callers: {
      provinceAuthority,
      cityAuthority,
      countyAuthority,
      unit: unitCaller,
      reviewer,
      finance: { sub: `${key}-finance-officer`, role: 'finance', agencyId: `${key}-finance`, region: spec.province },
    },
    unitId,
    unitName,
    frameworkId,
    campaignId,
    submissionId,
    nominationId: nomination.body.id,
    submissionEvidenceId: evidence.body.id,
    reviewerId,
    namingId,
    revocableNamingId,
    certificateNo,
    recheckId: recheck.body.id,
    partnerUnitId,
    partnerNamingId,
    inspectionId: inspection.body.id,
    partnerInspectionId: inspection.body.pairedRecheckId,
    instructorId,
    filingId: filing.body.id,
    planId,
    planTitle,
    taskId,
    taskTitle,
    taskEvidenceId: taskEvidence.body.id,
    clientId: '',
    webhookId: webhook.body.id,
    webhookDeliveryId: ping.body.id,
    deletableWebhookId: deletableWebhook.body.id,
    rounds,
  };
  const ids = [
    unitId,
    submissionId,
    world.nominationId,
    world.submissionEvidenceId,
    reviewerId,
    namingId,
    revocableNamingId,
    world.recheckId,
    partnerUnitId,
    partnerNamingId,
    world.inspectionId,
    world.partnerInspectionId,
    instructorId,
    world.filingId,
    planId,
    taskId,
    world.taskEvidenceId,
    world.webhookId,
    world.webhookDeliveryId,
    world.deletableWebhookId,
  ];
  return { ...world, secrets: { personal, ids, names } };
}

/**
 * Seeds both provinces in this file's own main table, with notice queues of its own (revoking and ranking send
 * notices; the admin routes read and redrive the dead-letter queue) and a webhooks queue of its own (pings and
 * redeliveries are queued there, and nothing consumes them). Call it in beforeAll.
 */
export async function seedWorld(prefix: string): Promise<World> {
  const sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: inject('endpoints').sqs,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const tag = `${prefix}-${randomUUID().slice(0, 8)}`;
  const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: `${tag}-dlq` }))).QueueUrl!;
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }));
  const main = (
    await sqs.send(
      new CreateQueueCommand({
        QueueName: tag,
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount: 5 }) },
      }),
    )
  ).QueueUrl!;
  const hooks = (await sqs.send(new CreateQueueCommand({ QueueName: `${tag}-webhooks` }))).QueueUrl!;
  const hooksDlq = (await sqs.send(new CreateQueueCommand({ QueueName: `${tag}-webhooks-dlq` }))).QueueUrl!;
  sqs.destroy();
  Object.assign(process.env, {
    QUEUE_NOTICES_URL: main,
    QUEUE_NOTICES_DLQ_URL: dlq,
    QUEUE_WEBHOOKS_URL: hooks,
    QUEUE_WEBHOOKS_DLQ_URL: hooksDlq,
  });
  const today = civilDateAt(new Date());
  const run = Date.now().toString(36);
  const hubei = await seedProvince(provinces.hubei, today, run);
  const hunan = await seedProvince(provinces.hunan, today, run);
  for (const province of [hubei, hunan]) {
    const client = await expectStatus(201, {
      method: 'POST',
      path: '/v1/admin/clients',
      claims: worldAdmin,
      body: { agencyId: province.agencies.province, description: `业务系统 ${run}` },
    });
    province.clientId = client.body.clientId;
  }
  return { hubei, hunan, admin: worldAdmin, today };
}
