import { randomUUID } from 'node:crypto';
import { demoFramework } from '../../infra/local/demo-framework.ts';
import { addDays } from '../../shared/domain/time.ts';
import { regionPrefix } from '../../shared/domain/regions.ts';
import type { Caller } from '../../shared/http/caller.ts';
import type { RouteId } from '../../shared/topology.ts';
import { callApi } from './api.ts';
import type { HttpRequest } from './events.ts';
import { communitySheet, evidenceFile, type ProvinceWorld, type World } from './world.ts';

/** What a request is built from: whose resources it names, who sends it, and a token unique to this request. */
export interface RequestContext {
  /** The province whose resources the request names. */
  target: ProvinceWorld;
  world: World;
  caller: Caller;
  /** Unique per request: names and versions that must not repeat, and Idempotency-Key. */
  unique: string;
}

/** Builds a well-formed request of one route, aimed at the target's resources. */
export type RequestBuilder = (context: RequestContext) => HttpRequest | Promise<HttpRequest>;

/** The current ETag of a resource, read by the admin or, where the admin may not read it, its owner (updates take If-Match). */
export async function currentEtag(world: World, path: string, reader: Caller = world.admin): Promise<string> {
  const read = await callApi({ method: 'GET', path, claims: reader });
  if (read.status !== 200 || !read.headers.etag) throw new Error(`GET ${path} answered ${read.status} without an ETag: ${read.raw}`);
  return read.headers.etag;
}

const benchmarks = { nationalGdpGrowth: 0.05, provincialIncomeGrowth: 0.06 };
const decision = { decision: 'dismiss', reason: '经核查理由不成立' };

/** A certificate number of the target's province no seeding used. */
const freshCertificate = ({ target, world }: RequestContext) =>
  `${target.spec.certificate}〔${world.today.slice(0, 4)}〕${String(Math.floor(Math.random() * 900_000) + 100_000)}`;

/**
 * A well-formed request for every route of the topology, by route id: the fuzz mutates them, the tenancy matrix
 * aims them at the other province. Creations carry an Idempotency-Key and a unique name; updates the current ETag.
 */
export const routeRequests: Record<RouteId, RequestBuilder> = {
  health: () => ({ method: 'GET', path: '/health' }),
  openapi: () => ({ method: 'GET', path: '/v1/openapi.json' }),
  docs: () => ({ method: 'GET', path: '/docs' }),
  docsScript: () => ({ method: 'GET', path: '/docs/reference.js' }),
  getProblemType: () => ({ method: 'GET', path: '/problems/not-found' }),
  getMyWork: ({ caller }) => ({ method: 'GET', path: '/v1/me/work', claims: caller }),

  createUnit: ({ target, caller, unique }) => ({
    method: 'POST',
    path: '/v1/units',
    claims: caller,
    headers: { 'idempotency-key': unique },
    body: {
      name: `新建社区 ${unique}`,
      type: 'village',
      regionCode: target.spec.county,
      zone: false,
      authorityId: target.agencies.county,
      contacts: [{ name: '新联系人', email: `new-${unique}@example.cn` }],
    },
  }),
  listUnits: ({ target, caller }) => ({
    method: 'GET',
    path: '/v1/units',
    claims: caller,
    query: { region: regionPrefix(target.spec.province), limit: '10' },
  }),
  getUnit: ({ target, caller }) => ({ method: 'GET', path: `/v1/units/${target.unitId}`, claims: caller }),
  updateUnit: async ({ target, world, caller }) => ({
    method: 'PATCH',
    path: `/v1/units/${target.unitId}`,
    claims: caller,
    headers: { 'if-match': await currentEtag(world, `/v1/units/${target.unitId}`) },
    body: { zone: false },
  }),
  getUnitDossier: ({ target, caller }) => ({ method: 'GET', path: `/v1/units/${target.unitId}/dossier`, claims: caller }),
  listRegions: ({ target, caller }) => ({ method: 'GET', path: '/v1/regions', claims: caller, query: { parent: target.spec.province } }),
  getRegion: ({ target, caller }) => ({ method: 'GET', path: `/v1/regions/${target.spec.county}`, claims: caller }),
  putAuthority: ({ target, caller, unique }) => ({
    method: 'PUT',
    path: `/v1/authorities/${target.agencies.province}`,
    claims: caller,
    body: {
      name: `${target.spec.name}省民族宗教事务委员会`,
      regionCode: target.spec.province,
      contacts: [{ name: '值班室', email: `duty-${unique}@example.cn` }],
    },
  }),
  getAuthority: ({ target, caller }) => ({ method: 'GET', path: `/v1/authorities/${target.agencies.province}`, claims: caller }),

  createFramework: ({ caller, unique }) => ({
    method: 'POST',
    path: '/v1/frameworks',
    claims: caller,
    headers: { 'idempotency-key': unique },
    body: { ...demoFramework, version: `request-${unique}` },
  }),
  listFrameworks: ({ caller }) => ({ method: 'GET', path: '/v1/frameworks', claims: caller, query: { limit: '5' } }),
  getFramework: ({ target, caller }) => ({ method: 'GET', path: `/v1/frameworks/${target.frameworkId}`, claims: caller }),
  scoreFramework: ({ target, caller }) => ({
    method: 'POST',
    path: `/v1/frameworks/${target.frameworkId}/score`,
    claims: caller,
    body: {
      unitType: 'community',
      benchmarks,
      rounds: [{ name: 'document', weight: 1, sheets: [{ reviewerId: 'r1', values: communitySheet() }] }],
    },
  }),

  createCampaign: ({ target, world, caller, unique }) => ({
    method: 'POST',
    path: '/v1/campaigns',
    claims: caller,
    headers: { 'idempotency-key': unique },
    body: {
      name: `命名批次 ${unique}`,
      kind: 'naming',
      level: 'province',
      regionCode: target.spec.province,
      frameworkId: target.frameworkId,
      rounds: [{ name: 'document', weight: 1 }],
      passMark: 60,
      quota: 2,
      grassrootsShare: 0.5,
      benchmarks,
      dates: {
        applicationsOpen: world.today,
        applicationsClose: addDays(world.today, 10),
        documentReview: { from: addDays(world.today, 11), to: addDays(world.today, 20) },
        appealWorkingDays: 5,
        publicNoticeWorkingDays: 5,
      },
    },
  }),
  listCampaigns: ({ target, caller }) => ({
    method: 'GET',
    path: '/v1/campaigns',
    claims: caller,
    query: { region: target.spec.province, limit: '10' },
  }),
  getCampaign: ({ target, caller }) => ({ method: 'GET', path: `/v1/campaigns/${target.campaignId}`, claims: caller }),
  rankCampaign: ({ target, caller }) => ({ method: 'POST', path: `/v1/campaigns/${target.campaignId}/rank`, claims: caller }),
  finalizeCampaign: ({ target, caller }) => ({ method: 'POST', path: `/v1/campaigns/${target.campaignId}/finalize`, claims: caller }),
  concludeCampaign: ({ target, caller }) => ({ method: 'POST', path: `/v1/campaigns/${target.campaignId}/conclude`, claims: caller }),
  refillCampaign: ({ target, caller }) => ({ method: 'POST', path: `/v1/campaigns/${target.campaignId}/refill`, claims: caller }),
  putOnSite: ({ target, caller }) => ({
    method: 'PUT',
    path: `/v1/campaigns/${target.campaignId}/on-site`,
    claims: caller,
    body: { submissionIds: [target.submissionId] },
  }),
  getCampaignDocument: ({ target, caller }) => ({
    method: 'GET',
    path: `/v1/campaigns/${target.campaignId}/documents/results-notice`,
    claims: caller,
  }),
  recordDecision: async ({ target, world, caller, unique }) => ({
    method: 'POST',
    path: `/v1/campaigns/${target.campaignId}/decision`,
    claims: caller,
    headers: { 'if-match': await currentEtag(world, `/v1/campaigns/${target.campaignId}`) },
    body: { number: `${target.spec.name}民宗发〔${world.today.slice(0, 4)}〕${unique}号`, date: world.today },
  }),
  createSubmission: ({ target, caller, unique }) => ({
    method: 'POST',
    path: `/v1/campaigns/${target.campaignId}/submissions`,
    claims: caller,
    headers: { 'idempotency-key': unique },
    body: { unitId: target.unitId },
  }),
  campaignProgress: ({ target, caller }) => ({ method: 'GET', path: `/v1/campaigns/${target.campaignId}/progress`, claims: caller }),
  listCampaignSubmissions: ({ target, caller }) => ({
    method: 'GET',
    path: `/v1/campaigns/${target.campaignId}/submissions`,
    claims: caller,
    query: { limit: '10' },
  }),
  listUnitSubmissions: ({ target, caller }) => ({ method: 'GET', path: `/v1/units/${target.unitId}/submissions`, claims: caller }),
  getSubmission: ({ target, caller }) => ({ method: 'GET', path: `/v1/submissions/${target.submissionId}`, claims: caller }),
  putSelfAssessment: async ({ target, world, caller }) => ({
    method: 'PUT',
    path: `/v1/submissions/${target.submissionId}/self-assessment`,
    claims: caller,
    headers: { 'if-match': await currentEtag(world, `/v1/submissions/${target.submissionId}`) },
    body: { values: communitySheet() },
  }),
  transitionSubmission: async ({ target, world, caller }) => ({
    method: 'POST',
    path: `/v1/submissions/${target.submissionId}/transitions`,
    claims: caller,
    headers: { 'if-match': await currentEtag(world, `/v1/submissions/${target.submissionId}`) },
    body: { action: 'endorse' },
  }),
  getHistory: ({ target, caller }) => ({
    method: 'GET',
    path: `/v1/submissions/${target.submissionId}/history`,
    claims: caller,
    query: { limit: '10' },
  }),
  createEvidence: ({ target, caller, unique }) => ({
    method: 'POST',
    path: `/v1/submissions/${target.submissionId}/evidence`,
    claims: caller,
    headers: { 'idempotency-key': unique },
    body: evidenceFile(unique),
  }),
  confirmEvidence: ({ target, caller }) => ({
    method: 'POST',
    path: `/v1/submissions/${target.submissionId}/evidence/${target.submissionEvidenceId}/confirm`,
    claims: caller,
  }),
  listEvidence: ({ target, caller }) => ({ method: 'GET', path: `/v1/submissions/${target.submissionId}/evidence`, claims: caller }),
  createAssignment: ({ target, caller }) => ({
    method: 'POST',
    path: `/v1/submissions/${target.submissionId}/rounds/${target.rounds[0]}/assignments`,
    claims: caller,
    body: { reviewerId: target.reviewerId },
  }),
  declineAssignment: ({ target, caller }) => ({
    method: 'POST',
    path: `/v1/submissions/${target.submissionId}/rounds/${target.rounds[0]}/assignments/mine/decline`,
    claims: caller,
    body: { reason: 'unavailable' },
  }),
  putSheet: ({ target, caller }) => ({
    method: 'PUT',
    path: `/v1/submissions/${target.submissionId}/rounds/${target.rounds[0]}/sheets/mine`,
    claims: caller,
    body: { values: communitySheet() },
  }),
  getMySheet: ({ target, caller }) => ({
    method: 'GET',
    path: `/v1/submissions/${target.submissionId}/rounds/${target.rounds[0]}/sheets/mine`,
    claims: caller,
  }),
  listRoundSheets: ({ target, caller }) => ({
    method: 'GET',
    path: `/v1/submissions/${target.submissionId}/rounds/${target.rounds[0]}/sheets`,
    claims: caller,
  }),
  closeRound: ({ target, caller }) => ({
    method: 'POST',
    path: `/v1/submissions/${target.submissionId}/rounds/${target.rounds[0]}/close`,
    claims: caller,
  }),
  declareRectification: ({ target, caller, unique }) => ({
    method: 'POST',
    path: `/v1/submissions/${target.submissionId}/rectification`,
    claims: caller,
    headers: { 'idempotency-key': unique },
    body: { note: '已按评审意见完成整改，补充了台账资料' },
  }),
  createAppeal: ({ target, caller }) => ({
    method: 'POST',
    path: `/v1/submissions/${target.submissionId}/appeals`,
    claims: caller,
    body: { reason: '文件评审评分有误', round: target.rounds[0] },
  }),
  decideAppeal: ({ target, caller }) => ({
    method: 'POST',
    path: `/v1/submissions/${target.submissionId}/appeals/${randomUUID()}/decision`,
    claims: caller,
    body: decision,
  }),
  createObjection: ({ target, caller }) => ({
    method: 'POST',
    path: `/v1/submissions/${target.submissionId}/objections`,
    claims: caller,
    body: { reason: '公示材料与事实不符' },
  }),
  reEvaluateSubmission: ({ target, caller }) => ({
    method: 'POST',
    path: `/v1/submissions/${target.submissionId}/re-evaluation`,
    claims: caller,
    body: { outcome: 'passed', note: '整改到位，复评合格' },
  }),
  decideObjection: ({ target, caller }) => ({
    method: 'POST',
    path: `/v1/submissions/${target.submissionId}/objections/${randomUUID()}/decision`,
    claims: caller,
    body: decision,
  }),
  putReviewer: ({ target, caller }) => ({
    method: 'PUT',
    path: `/v1/reviewers/${target.reviewerId}`,
    claims: caller,
    // A region the caller may register reviewers in: the reviewer's own for a national caller, the caller's otherwise.
    body: {
      name: '改名专家',
      agencyId: `${target.spec.key}-expert-pool`,
      regionCode: caller.region === '000000' ? target.spec.reviewerCounty : caller.region,
    },
  }),
  getReviewer: ({ target, caller }) => ({ method: 'GET', path: `/v1/reviewers/${target.reviewerId}`, claims: caller }),
  createConflict: ({ target, caller }) => ({
    method: 'POST',
    path: `/v1/reviewers/${target.reviewerId}/conflicts`,
    claims: caller,
    body: { unitId: target.unitId },
  }),
  listMyAssignments: ({ caller }) => ({ method: 'GET', path: '/v1/reviewers/me/assignments', claims: caller, query: { limit: '10' } }),

  putCalendar: ({ caller }) => ({
    method: 'PUT',
    path: '/v1/admin/calendars/2099',
    claims: caller,
    body: { holidays: ['2099-01-01'], workdays: [] },
  }),
  getCalendar: ({ world, caller }) => ({ method: 'GET', path: `/v1/calendars/${world.today.slice(0, 4)}`, claims: caller }),

  createFiling: ({ target, world, caller }) => ({
    method: 'POST',
    path: '/v1/instructors/filings',
    claims: caller,
    body: { asOf: world.today, regionCode: target.spec.county },
  }),
  listFilings: ({ target, caller }) => ({
    method: 'GET',
    path: '/v1/instructors/filings',
    claims: caller,
    query: { region: target.spec.province },
  }),
  acknowledgeFiling: ({ target, caller }) => ({
    method: 'POST',
    path: `/v1/instructors/filings/${target.filingId}/acknowledge`,
    claims: caller,
  }),
  createInstructor: ({ target, caller, unique }) => ({
    method: 'POST',
    path: '/v1/instructors',
    claims: caller,
    headers: { 'idempotency-key': unique },
    body: {
      name: '新指导员',
      gender: 'male',
      phone: '13800000000',
      email: `instructor-${unique}@example.cn`,
      employer: '统战部',
      position: '干部',
      regionCode: target.spec.county,
      source: 'self-recommendation',
    },
  }),
  listInstructors: ({ target, caller }) => ({
    method: 'GET',
    path: '/v1/instructors',
    claims: caller,
    query: { region: target.spec.province },
  }),
  getInstructor: ({ target, caller }) => ({ method: 'GET', path: `/v1/instructors/${target.instructorId}`, claims: caller }),
  updateInstructor: async ({ target, world, caller }) => ({
    method: 'PATCH',
    path: `/v1/instructors/${target.instructorId}`,
    claims: caller,
    headers: { 'if-match': await currentEtag(world, `/v1/instructors/${target.instructorId}`) },
    body: { position: '副科长' },
  }),
  adjustInstructor: ({ target, caller }) => ({
    method: 'POST',
    path: `/v1/instructors/${target.instructorId}/adjustments`,
    claims: caller,
    body: { reason: 'wish', unitId: target.unitId },
  }),
  createTraining: ({ target, world, caller }) => ({
    method: 'POST',
    path: `/v1/instructors/${target.instructorId}/trainings`,
    claims: caller,
    body: { date: world.today, title: '业务培训', hours: 2, organiser: '民宗委' },
  }),
  listTrainings: ({ target, caller }) => ({ method: 'GET', path: `/v1/instructors/${target.instructorId}/trainings`, claims: caller }),
  appointInstructor: ({ target, world, caller }) => ({
    method: 'POST',
    path: `/v1/units/${target.unitId}/instructors`,
    claims: caller,
    body: { instructorId: target.instructorId, appointedOn: world.today },
  }),
  listUnitInstructors: ({ target, caller }) => ({ method: 'GET', path: `/v1/units/${target.unitId}/instructors`, claims: caller }),
  unitsWithoutInstructors: ({ target, caller }) => ({
    method: 'GET',
    path: '/v1/reports/units-without-instructors',
    claims: caller,
    query: { region: target.spec.province },
  }),
  trainingReport: ({ target, world, caller }) => ({
    method: 'GET',
    path: '/v1/reports/training',
    claims: caller,
    query: { year: world.today.slice(0, 4), region: target.spec.province },
  }),

  createPlan: ({ target, world, caller, unique }) => ({
    method: 'POST',
    path: '/v1/plans',
    claims: caller,
    headers: { 'idempotency-key': unique },
    body: {
      title: `计划 ${unique}`,
      regionCode: target.spec.province,
      phases: [{ name: '第一阶段', from: world.today, to: addDays(world.today, 90) }],
    },
  }),
  listPlans: ({ target, caller }) => ({ method: 'GET', path: '/v1/plans', claims: caller, query: { region: target.spec.province } }),
  getPlan: ({ target, caller }) => ({ method: 'GET', path: `/v1/plans/${target.planId}`, claims: caller }),
  createTask: ({ target, world, caller }) => ({
    method: 'POST',
    path: `/v1/plans/${target.planId}/tasks`,
    claims: caller,
    body: {
      title: '补充任务',
      responsibleAgency: target.agencies.province,
      phase: '夯实基础',
      dueOn: addDays(world.today, 20),
      measure: '材料齐全',
    },
  }),
  listTasks: ({ target, caller }) => ({ method: 'GET', path: `/v1/plans/${target.planId}/tasks`, claims: caller }),
  importTasks: ({ target, world, caller }) => ({
    method: 'POST',
    path: `/v1/plans/${target.planId}/tasks/import`,
    claims: caller,
    headers: { 'content-type': 'text/csv; charset=utf-8' },
    body: `title,responsibleAgency,phase,dueOn,measure\n导入任务,${target.agencies.province},夯实基础,${addDays(world.today, 25)},台账\n`,
  }),
  getBoard: ({ target, caller }) => ({ method: 'GET', path: `/v1/plans/${target.planId}/board`, claims: caller }),
  getTask: ({ target, caller }) => ({ method: 'GET', path: `/v1/tasks/${target.taskId}`, claims: caller }),
  reportProgress: ({ target, caller }) => ({
    method: 'POST',
    path: `/v1/tasks/${target.taskId}/progress`,
    claims: caller,
    body: { percent: 50, text: '已完成一半' },
  }),
  reviewTask: ({ target, caller }) => ({
    method: 'POST',
    path: `/v1/tasks/${target.taskId}/review`,
    claims: caller,
    body: { decision: 'accept' },
  }),
  createTaskEvidence: ({ target, caller, unique }) => ({
    method: 'POST',
    path: `/v1/tasks/${target.taskId}/evidence`,
    claims: caller,
    body: evidenceFile(unique),
  }),
  confirmTaskEvidence: ({ target, caller }) => ({
    method: 'POST',
    path: `/v1/tasks/${target.taskId}/evidence/${target.taskEvidenceId}/confirm`,
    claims: caller,
  }),
  coverageReport: ({ target, caller }) => ({
    method: 'GET',
    path: '/v1/reports/coverage',
    claims: caller,
    query: { region: target.spec.province },
  }),
  namingReport: ({ target, caller }) => ({
    method: 'GET',
    path: '/v1/reports/namings',
    claims: caller,
    query: { region: target.spec.province, groupBy: 'level' },
  }),

  importNamings: (context) => ({
    method: 'POST',
    path: '/v1/namings/import',
    claims: context.caller,
    body: {
      rows: [
        {
          unitId: context.target.unitId,
          level: 'county',
          certificateNo: freshCertificate(context),
          namedOn: addDays(context.world.today, -30),
        },
      ],
    },
  }),
  listNamings: ({ target, caller }) => ({
    method: 'GET',
    path: '/v1/namings',
    claims: caller,
    query: { region: regionPrefix(target.spec.province), expiringWithin: '365' },
  }),
  listEligibleNamings: ({ target, caller }) => ({
    method: 'GET',
    path: '/v1/namings/eligible',
    claims: caller,
    query: { level: 'county', region: regionPrefix(target.spec.province) },
  }),
  getNaming: ({ target, caller }) => ({ method: 'GET', path: `/v1/namings/${target.namingId}`, claims: caller }),
  revokeNaming: ({ target, caller }) => ({
    method: 'POST',
    path: `/v1/namings/${target.revocableNamingId}/revoke`,
    claims: caller,
    body: { reason: '复查不合格' },
  }),
  decideRevocationProposal: ({ target, caller }) => ({
    method: 'POST',
    path: `/v1/namings/${target.namingId}/revocation-proposal/decision`,
    claims: caller,
    body: { decision: 'keep', reason: '复核后保留命名' },
  }),
  listNamingNotices: ({ target, caller }) => ({ method: 'GET', path: `/v1/namings/${target.namingId}/notices`, claims: caller }),
  createRecheck: ({ target, world, caller }) => ({
    method: 'POST',
    path: `/v1/namings/${target.namingId}/rechecks`,
    claims: caller,
    body: { kind: 'look-back', dueOn: addDays(world.today, 60), assignees: [target.agencies.province] },
  }),
  listRechecks: ({ target, caller }) => ({ method: 'GET', path: `/v1/namings/${target.namingId}/rechecks`, claims: caller }),
  recordRecheckOutcome: ({ target, caller }) => ({
    method: 'POST',
    path: `/v1/namings/${target.namingId}/rechecks/${target.recheckId}/outcome`,
    claims: caller,
    body: { outcome: 'pass' },
  }),
  recordInspectionFindings: ({ target, caller }) => ({
    method: 'POST',
    path: `/v1/namings/${target.namingId}/rechecks/${target.inspectionId}/findings`,
    claims: caller,
    body: { findings: '台账齐全，互嵌式社区建设成效明显。', rating: 'good' },
  }),

  postMailEvent: ({ caller }) => ({
    method: 'POST',
    path: '/v1/admin/mail-events',
    claims: caller,
    body: { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'hard-bounce@example.cn' }] } },
  }),
  listDeadLetters: ({ caller }) => ({ method: 'GET', path: '/v1/admin/notices/dead-letters', claims: caller }),
  redriveNotices: ({ caller }) => ({ method: 'POST', path: '/v1/admin/notices/redrive', claims: caller }),
  listAgendaFailures: ({ caller }) => ({ method: 'GET', path: '/v1/admin/agenda/failures', claims: caller, query: { limit: '10' } }),
  reindexTable: ({ caller }) => ({ method: 'POST', path: '/v1/admin/reindex', claims: caller, body: {} }),
  erasePersonalData: ({ target, caller }) => ({
    method: 'POST',
    path: `/v1/admin/submissions/${target.submissionId}/erasure`,
    claims: caller,
    body: { reason: '本人申请删除个人信息' },
  }),
  createClient: ({ target, caller, unique }) => ({
    method: 'POST',
    path: '/v1/admin/clients',
    claims: caller,
    body: { agencyId: target.agencies.province, description: `业务系统 ${unique}` },
  }),
  getClient: ({ target, caller }) => ({ method: 'GET', path: `/v1/admin/clients/${target.clientId}`, claims: caller }),

  listRegistry: ({ target }) => ({ method: 'GET', path: '/v1/registry', query: { region: regionPrefix(target.spec.province) } }),
  getRegistryEntry: ({ target }) => ({ method: 'GET', path: `/v1/registry/${encodeURIComponent(target.certificateNo)}` }),

  getCosts: ({ target, world, caller }) => ({
    method: 'GET',
    path: '/v1/finance/costs',
    claims: caller,
    query: { from: addDays(world.today, -7), to: world.today, groupBy: 'agency', agencyId: target.agencies.province },
  }),
  getForecast: ({ caller }) => ({
    method: 'GET',
    path: '/v1/finance/forecast',
    claims: caller,
    query: { units: '1000', submissionsPerYear: '200' },
  }),

  // Subscriptions belong to the caller's agency: a create or list names no target; the others aim at the target's own.
  createWebhook: ({ caller, unique }) => ({
    method: 'POST',
    path: '/v1/webhooks',
    claims: caller,
    body: { url: `http://127.0.0.1:9/hook-${unique}`, events: ['naming.created', 'naming.revoked'], description: `业务系统 ${unique}` },
  }),
  listWebhooks: ({ caller }) => ({ method: 'GET', path: '/v1/webhooks', claims: caller }),
  getWebhook: ({ target, caller }) => ({ method: 'GET', path: `/v1/webhooks/${target.webhookId}`, claims: caller }),
  updateWebhook: async ({ target, world, caller, unique }) => ({
    method: 'PATCH',
    path: `/v1/webhooks/${target.webhookId}`,
    claims: caller,
    headers: { 'if-match': await currentEtag(world, `/v1/webhooks/${target.webhookId}`, target.callers.provinceAuthority) },
    body: { description: `政务平台 ${unique}` },
  }),
  deleteWebhook: ({ target, caller }) => ({ method: 'DELETE', path: `/v1/webhooks/${target.deletableWebhookId}`, claims: caller }),
  rotateWebhookSecret: ({ target, caller }) => ({ method: 'POST', path: `/v1/webhooks/${target.webhookId}/rotate-secret`, claims: caller }),
  pingWebhook: ({ target, caller }) => ({ method: 'POST', path: `/v1/webhooks/${target.webhookId}/ping`, claims: caller }),
  listWebhookDeliveries: ({ target, caller }) => ({
    method: 'GET',
    path: `/v1/webhooks/${target.webhookId}/deliveries`,
    claims: caller,
    query: { limit: '10' },
  }),
  redeliverWebhookDelivery: ({ target, caller }) => ({
    method: 'POST',
    path: `/v1/webhooks/${target.webhookId}/deliveries/${target.webhookDeliveryId}/redeliver`,
    claims: caller,
  }),
};
