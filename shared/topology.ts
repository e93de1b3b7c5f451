/**
 * The topology: every function, HTTP route, schedule and queue, as data. The CDK app and the local host both loop
 * over it. What each route accepts and answers (its zod schemas) is the function's contract, in `shared/contracts/`:
 * a function loads its own schemas only, not those of every route.
 */
/** The roles a bearer token can carry (claim `role`). */
export const roles = ['unit', 'authority', 'reviewer', 'finance', 'admin'] as const;
/** A caller's role. */
export type Role = (typeof roles)[number];

/** Tables a function may touch, and how. */
export type TableAccess = 'read' | 'readwrite';

/** One Lambda function: where its code is and what it may touch (least privilege is derived from this). */
export interface FunctionDef {
  entry: string;
  memoryMb: number;
  timeoutSeconds: number;
  description: string;
  tables: Partial<Record<'main' | 'usage', TableAccess>>;
  /** Queues it sends to; whose DLQ it manages (reads and empties, to replay); whose DLQ it sends to itself (a message given up on). */
  queues?: { send?: readonly QueueName[]; manage?: readonly QueueName[]; deadLetter?: readonly QueueName[] };
  /** Consumes the main table's stream (new and old images), as Lambda's DynamoDB event source does; locally, the stream poller. */
  stream?: { table: 'main'; batchSize: number };
  /** Seals (encrypts) or opens (decrypts) webhook signing secrets with the stack's key (KMS; locally AES-GCM). */
  signingSecrets?: 'seal' | 'open';
  bucket?: 'read' | 'readwrite';
  sendsEmail?: boolean;
  /** Registers machine clients: creates app clients in the user pool and lets the JWT authorizer accept them. */
  registersClients?: boolean;
  /** Files of the project copied beside the bundle and read at run time: too large to bundle without slowing the cold start. */
  files?: readonly string[];
  /**
   * Modules bundled on their own beside the function's bundle (`shared/documents/renderers.ts` → `renderers.mjs`)
   * and imported at run time by the code that needs them: large libraries no cold start should parse.
   */
  bundles?: readonly string[];
}

/** One HTTP route: method and path as API Gateway spells them, the function that serves it, who may call it (its schemas: `shared/contracts/`). */
export interface RouteDef {
  id: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: `/${string}`;
  fn: FunctionName;
  /** Roles allowed; `public` routes skip the JWT authorizer. */
  auth: 'public' | readonly Role[];
  summary: string;
  /** Status of a successful answer. */
  status?: 200 | 201 | 202 | 204;
  /** Content types of a successful answer other than JSON. */
  produces?: readonly string[];
  /** Content types accepted as the body besides JSON (the body then reaches the route as text). */
  consumes?: readonly string[];
  /** Creates accept `Idempotency-Key`. */
  idempotent?: boolean;
  /** Updates require `If-Match`. */
  conditional?: boolean;
}

/** A schedule: cron (EventBridge Scheduler syntax without seconds) in a time zone, invoking a function. */
export interface ScheduleDef {
  name: string;
  fn: FunctionName;
  cron: string;
  timeZone: 'Asia/Shanghai';
  description: string;
}

/** A queue with its dead-letter queue and the function that consumes it. */
export interface QueueDef {
  name: string;
  consumer: FunctionName;
  batchSize: number;
  maxReceiveCount: number;
  visibilityTimeoutSeconds: number;
}

const bothTables = { main: 'readwrite', usage: 'readwrite' } as const;

/** The documents routes answer besides JSON: workbooks (XLSX) and Word documents (DOCX). */
export const documentTypes = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

/** The renderers of XLSX and DOCX (exceljs, docx): a bundle of their own beside each function that exports documents. */
const documentRenderers = 'shared/documents/renderers.ts';

/** Every function, per bounded context. */
export const functions = {
  platform: {
    entry: 'functions/platform/handler.ts',
    memoryMb: 256,
    timeoutSeconds: 5,
    description: "Health, OpenAPI document, reference page, unknown routes, and the caller's open work (read from its index)",
    tables: { main: 'read', usage: 'readwrite' },
    files: ['node_modules/@scalar/api-reference/dist/browser/standalone.js'],
  },
  units: {
    entry: 'functions/units/handler.ts',
    memoryMb: 512,
    timeoutSeconds: 10,
    description: 'Units, the region directory and the authority directory',
    tables: bothTables,
  },
  frameworks: {
    entry: 'functions/frameworks/handler.ts',
    memoryMb: 512,
    timeoutSeconds: 10,
    description: 'Indicator frameworks and the score preview',
    tables: bothTables,
  },
  namings: {
    entry: 'functions/namings/handler.ts',
    memoryMb: 512,
    timeoutSeconds: 29,
    description: 'Namings: import, read, revoke, eligibility',
    tables: bothTables,
    queues: { send: ['notices'] },
    bundles: [documentRenderers],
  },
  campaigns: {
    entry: 'functions/campaigns/handler.ts',
    memoryMb: 512,
    timeoutSeconds: 29,
    description: 'Campaigns: submissions, evidence, reviewers and reviews, ranking, appeals, public notice',
    tables: bothTables,
    queues: { send: ['notices'] },
    bucket: 'readwrite',
    bundles: [documentRenderers],
  },
  instructors: {
    entry: 'functions/instructors/handler.ts',
    memoryMb: 512,
    timeoutSeconds: 29,
    description: 'Instructors: the database, appointments, adjustments, filings, training and their reports',
    tables: bothTables,
    bundles: [documentRenderers],
  },
  plans: {
    entry: 'functions/plans/handler.ts',
    memoryMb: 512,
    timeoutSeconds: 29,
    description: 'Creation plans: task tables, progress, supervision boards, coverage',
    tables: bothTables,
    bucket: 'readwrite',
    bundles: [documentRenderers],
  },
  registry: {
    entry: 'functions/registry/handler.ts',
    memoryMb: 256,
    timeoutSeconds: 10,
    description: 'The public registry of namings (no sign-in)',
    tables: { main: 'read', usage: 'readwrite' },
  },
  finance: {
    entry: 'functions/finance/handler.ts',
    memoryMb: 512,
    timeoutSeconds: 29,
    description: 'Cost reports per agency, operation, day and month; the yearly forecast',
    tables: { main: 'read', usage: 'readwrite' },
  },
  'agenda-sweep': {
    entry: 'functions/agenda-sweep/handler.ts',
    memoryMb: 512,
    timeoutSeconds: 300,
    description: 'Daily sweep of everything due, and the Monday digest: queues notices, makes time-driven moves',
    tables: bothTables,
    queues: { send: ['notices'] },
  },
  'mail-events': {
    entry: 'functions/mail-events/handler.ts',
    memoryMb: 256,
    timeoutSeconds: 30,
    description: 'SES bounces and complaints: suppresses the addresses',
    tables: bothTables,
  },
  admin: {
    entry: 'functions/admin/handler.ts',
    memoryMb: 256,
    timeoutSeconds: 29,
    description: 'Administration: mail events by hand, the notices dead-letter queue, calendars, the reindex',
    tables: bothTables,
    queues: { send: ['notices'], manage: ['notices'] },
  },
  clients: {
    entry: 'functions/clients/handler.ts',
    memoryMb: 256,
    timeoutSeconds: 29,
    description: "Machine clients: registers an agency's system (a Cognito app client, admitted by the JWT authorizer)",
    tables: bothTables,
    registersClients: true,
  },
  'token-claims': {
    entry: 'functions/token-claims/handler.ts',
    memoryMb: 256,
    timeoutSeconds: 5,
    description: "Cognito pre token generation (V3_0): adds role, agencyId and region to a machine client's access token",
    tables: { main: 'read', usage: 'readwrite' },
  },
  webhooks: {
    entry: 'functions/webhooks/handler.ts',
    memoryMb: 256,
    timeoutSeconds: 10,
    description: "Webhook subscriptions of an agency's systems: create, change, rotate the secret, ping, deliveries and redelivery",
    tables: bothTables,
    queues: { send: ['webhooks'] },
    signingSecrets: 'seal',
  },
  'webhook-publisher': {
    entry: 'functions/webhook-publisher/handler.ts',
    memoryMb: 256,
    timeoutSeconds: 60,
    description: "Turns the main table's changes (its stream) into events, one delivery per matching subscription, queued",
    tables: bothTables,
    queues: { send: ['webhooks'] },
    stream: { table: 'main', batchSize: 100 },
  },
  'webhook-deliverer': {
    entry: 'functions/webhook-deliverer/handler.ts',
    memoryMb: 256,
    timeoutSeconds: 30,
    description: 'POSTs each queued delivery, signed (Standard Webhooks), to its checked address; retries with backoff for 24 h',
    tables: bothTables,
    queues: { send: ['webhooks', 'notices'], deadLetter: ['webhooks'] },
    signingSecrets: 'open',
  },
  notifier: {
    entry: 'functions/notifier/handler.ts',
    memoryMb: 256,
    timeoutSeconds: 30,
    description: 'Sends queued notices by email, each exactly once',
    tables: bothTables,
    sendsEmail: true,
  },
} as const satisfies Record<string, FunctionDef>;

/** A function's name. */
export type FunctionName = keyof typeof functions;

/** Every HTTP route. Neither the CDK app nor the local host declares routes anywhere else. */
export const routes = [
  { id: 'health', method: 'GET', path: '/health', fn: 'platform', auth: 'public', summary: 'Reports each dependency' },
  { id: 'openapi', method: 'GET', path: '/v1/openapi.json', fn: 'platform', auth: 'public', summary: 'This API as OpenAPI 3.1' },
  { id: 'docs', method: 'GET', path: '/docs', fn: 'platform', auth: 'public', summary: 'Reference page (Scalar)', produces: ['text/html'] },
  {
    id: 'docsScript',
    method: 'GET',
    path: '/docs/reference.js',
    fn: 'platform',
    auth: 'public',
    summary: "The reference page's script, served from this origin (no CDN); cached for good under `?v=` its hash",
    produces: ['text/javascript'],
  },
  {
    id: 'getProblemType',
    method: 'GET',
    path: '/problems/{name}',
    fn: 'platform',
    auth: 'public',
    summary: 'Explains a problem type (the `type` of every error answer), in Chinese and English',
    produces: ['text/html'],
  },
  {
    id: 'getMyWork',
    method: 'GET',
    path: '/v1/me/work',
    fn: 'platform',
    auth: roles,
    summary:
      "The caller's pending work by kind (an authority its agency's and its region's, a reviewer its assignments, a unit its own), each with a count, the oldest date and the first page; `?kind=&cursor=` pages on",
  },
  {
    id: 'createUnit',
    method: 'POST',
    path: '/v1/units',
    fn: 'units',
    auth: ['authority', 'admin'],
    summary: 'Registers a unit or zone',
    status: 201,
    idempotent: true,
  },
  {
    id: 'listUnits',
    method: 'GET',
    path: '/v1/units',
    fn: 'units',
    auth: ['authority', 'admin'],
    summary: 'Lists units in a region (by the region index), optionally of one type or by part of the name (q)',
  },
  {
    id: 'getUnit',
    method: 'GET',
    path: '/v1/units/{id}',
    fn: 'units',
    auth: ['unit', 'authority', 'admin'],
    summary: 'Reads a unit',
  },
  {
    id: 'updateUnit',
    method: 'PATCH',
    path: '/v1/units/{id}',
    fn: 'units',
    auth: ['unit', 'authority', 'admin'],
    summary: 'Changes a unit (merge patch; a unit user may change only its contacts)',
    conditional: true,
  },
  {
    id: 'getUnitDossier',
    method: 'GET',
    path: '/v1/units/{id}/dossier',
    fn: 'units',
    auth: ['unit', 'authority', 'admin'],
    summary:
      "A unit's dossier: the unit, its namings with their rechecks and notices, its submissions with their states, results and evidence counts, its instructors past and present; each part as its own route shows it",
  },
  {
    id: 'listRegions',
    method: 'GET',
    path: '/v1/regions',
    fn: 'units',
    auth: ['unit', 'authority', 'reviewer', 'finance', 'admin'],
    summary: 'Lists the regions directly under a parent (GB/T 2260)',
  },
  {
    id: 'getRegion',
    method: 'GET',
    path: '/v1/regions/{code}',
    fn: 'units',
    auth: ['unit', 'authority', 'reviewer', 'finance', 'admin'],
    summary: 'Reads one region of the national directory',
  },
  {
    id: 'putAuthority',
    method: 'PUT',
    path: '/v1/authorities/{agencyId}',
    fn: 'units',
    auth: ['authority', 'admin'],
    summary:
      'Registers an authority of the directory (its own entry, or any for an admin): name, region, contacts that notices name and copy',
  },
  {
    id: 'getAuthority',
    method: 'GET',
    path: '/v1/authorities/{agencyId}',
    fn: 'units',
    auth: roles,
    summary: 'Reads an authority of the directory',
  },
  {
    id: 'createFramework',
    method: 'POST',
    path: '/v1/frameworks',
    fn: 'frameworks',
    auth: ['authority', 'admin'],
    summary: 'Creates a framework version (frameworks never change; a change is a new version)',
    status: 201,
    idempotent: true,
  },
  {
    id: 'listFrameworks',
    method: 'GET',
    path: '/v1/frameworks',
    fn: 'frameworks',
    auth: roles,
    summary: 'Lists frameworks, newest first',
  },
  {
    id: 'getFramework',
    method: 'GET',
    path: '/v1/frameworks/{id}',
    fn: 'frameworks',
    auth: roles,
    summary: 'Reads a framework',
  },
  {
    id: 'scoreFramework',
    method: 'POST',
    path: '/v1/frameworks/{id}/score',
    fn: 'frameworks',
    auth: roles,
    summary: 'Scores hypothetical sheets against a framework and returns the full breakdown; stores nothing',
  },
  {
    id: 'createCampaign',
    method: 'POST',
    path: '/v1/campaigns',
    fn: 'campaigns',
    auth: ['authority', 'admin'],
    summary:
      "Opens a campaign (批次) in the authority's own region and level: framework, rounds, pass mark, quota, grassroots share, dates",
    status: 201,
    idempotent: true,
  },
  {
    id: 'listCampaigns',
    method: 'GET',
    path: '/v1/campaigns',
    fn: 'campaigns',
    auth: roles,
    summary: 'Campaigns in a region, optionally of one status; a unit sees those it may apply to',
  },
  { id: 'getCampaign', method: 'GET', path: '/v1/campaigns/{id}', fn: 'campaigns', auth: roles, summary: 'Reads a campaign' },
  {
    id: 'rankCampaign',
    method: 'POST',
    path: '/v1/campaigns/{id}/rank',
    fn: 'campaigns',
    auth: ['authority', 'admin'],
    summary: 'Ranks the scored submissions (pass mark, quota, grassroots share) and opens the appeal window; again after an upheld appeal',
  },
  {
    id: 'finalizeCampaign',
    method: 'POST',
    path: '/v1/campaigns/{id}/finalize',
    fn: 'campaigns',
    auth: ['authority', 'admin'],
    summary: 'After the appeal window: results final, the selected enter public notice (the daily sweep does this too)',
  },
  {
    id: 'concludeCampaign',
    method: 'POST',
    path: '/v1/campaigns/{id}/conclude',
    fn: 'campaigns',
    auth: ['authority', 'admin'],
    summary: 'After the public notice: names each selected unit without an open objection (the daily sweep does this too)',
  },
  {
    id: 'refillCampaign',
    method: 'POST',
    path: '/v1/campaigns/{id}/refill',
    fn: 'campaigns',
    auth: ['authority', 'admin'],
    summary:
      'Fills a seat an upheld objection freed during the public notice with the next eligible submission of the ranking (递补), which then has a public notice of its own',
    idempotent: true,
  },
  {
    id: 'recordDecision',
    method: 'POST',
    path: '/v1/campaigns/{id}/decision',
    fn: 'campaigns',
    auth: ['authority', 'admin'],
    summary:
      'Records the decision document (文号 and date) that announces the results, before or at the conclusion; the namings and commendations it makes carry it',
  },
  {
    id: 'getCampaignDocument',
    method: 'GET',
    path: '/v1/campaigns/{id}/documents/{document}',
    fn: 'campaigns',
    auth: ['authority', 'admin'],
    summary:
      'An official document of the campaign as DOCX, for its authority, co-organisers and admins: `results-notice` (评选结果通报, once ranked) or `naming-decision` (命名／表彰决定, once concluded with a decision recorded)',
    produces: [documentTypes.docx],
  },
  {
    id: 'putOnSite',
    method: 'PUT',
    path: '/v1/campaigns/{id}/on-site',
    fn: 'campaigns',
    auth: ['authority', 'admin'],
    summary:
      'Picks the key units a campaign with `onSite: key` visits on site (the whole list); one left out is scored on the document round alone, its final being its document-round total',
  },
  {
    id: 'createSubmission',
    method: 'POST',
    path: '/v1/campaigns/{id}/submissions',
    fn: 'campaigns',
    auth: ['unit', 'authority', 'admin'],
    summary: 'A unit applies (申报) while applications are open; an authority may apply on its behalf',
    status: 201,
    idempotent: true,
  },
  {
    id: 'listCampaignSubmissions',
    method: 'GET',
    path: '/v1/campaigns/{id}/submissions',
    fn: 'campaigns',
    auth: ['authority', 'admin'],
    summary:
      "A campaign's submissions, optionally in one state; an authority sees those in its region. Accept XLSX: once ranked, every page as the results (评选结果) and the public-notice list (公示名单)",
    produces: ['application/json', documentTypes.xlsx],
  },
  {
    id: 'campaignProgress',
    method: 'GET',
    path: '/v1/campaigns/{id}/progress',
    fn: 'campaigns',
    auth: ['authority', 'admin'],
    summary:
      "A campaign's progress for its organiser and co-organisers: submissions by state, review sheets per round and reviewer (assigned, submitted, outstanding), calendar days to the next deadline",
  },
  {
    id: 'listUnitSubmissions',
    method: 'GET',
    path: '/v1/units/{id}/submissions',
    fn: 'campaigns',
    auth: ['unit', 'authority', 'admin'],
    summary: "A unit's submissions, newest first",
  },
  {
    id: 'getSubmission',
    method: 'GET',
    path: '/v1/submissions/{id}',
    fn: 'campaigns',
    auth: ['unit', 'authority', 'reviewer', 'admin'],
    summary: 'Reads a submission; the unit sees its result once the campaign is ranked, a reviewer none',
  },
  {
    id: 'putSelfAssessment',
    method: 'PUT',
    path: '/v1/submissions/{id}/self-assessment',
    fn: 'campaigns',
    auth: ['unit', 'authority', 'admin'],
    summary: 'The self-assessment in the score-preview sheet format; its score is shown and never counts',
    conditional: true,
  },
  {
    id: 'transitionSubmission',
    method: 'POST',
    path: '/v1/submissions/{id}/transitions',
    fn: 'campaigns',
    auth: ['unit', 'authority', 'admin'],
    summary:
      'Submit, endorse (each authority up to the campaign level), return with a reason, withdraw, reject with a reason, start review; an illegal move → 409',
    conditional: true,
  },
  {
    id: 'getHistory',
    method: 'GET',
    path: '/v1/submissions/{id}/history',
    fn: 'campaigns',
    auth: ['unit', 'authority', 'admin'],
    summary: 'Every step: who, role, when, what, state before → after, request id',
  },
  {
    id: 'createEvidence',
    method: 'POST',
    path: '/v1/submissions/{id}/evidence',
    fn: 'campaigns',
    auth: ['unit', 'authority', 'admin'],
    summary: 'A presigned S3 PUT URL for one evidence file (pdf, jpg, png, docx, xlsx; at most 50 MB)',
    status: 201,
    idempotent: true,
  },
  {
    id: 'confirmEvidence',
    method: 'POST',
    path: '/v1/submissions/{id}/evidence/{evidenceId}/confirm',
    fn: 'campaigns',
    auth: ['unit', 'authority', 'admin'],
    summary: 'Checks the uploaded file against the declared size and SHA-256 (a mismatch discards it → 422)',
  },
  {
    id: 'listEvidence',
    method: 'GET',
    path: '/v1/submissions/{id}/evidence',
    fn: 'campaigns',
    auth: ['unit', 'authority', 'reviewer', 'admin'],
    summary: 'The evidence files, with download URLs valid for 5 minutes',
  },
  {
    id: 'createAssignment',
    method: 'POST',
    path: '/v1/submissions/{id}/rounds/{round}/assignments',
    fn: 'campaigns',
    auth: ['authority', 'admin'],
    summary: 'Assigns a reviewer to a round; a conflict of interest (own unit, supervising authority, same county, declared) → 409',
    status: 201,
    idempotent: true,
  },
  {
    id: 'declineAssignment',
    method: 'POST',
    path: '/v1/submissions/{id}/rounds/{round}/assignments/mine/decline',
    fn: 'campaigns',
    auth: ['reviewer'],
    summary: 'A reviewer declines (conflict or unavailable); a conflict is remembered for the unit',
  },
  {
    id: 'putSheet',
    method: 'PUT',
    path: '/v1/submissions/{id}/rounds/{round}/sheets/mine',
    fn: 'campaigns',
    auth: ['reviewer'],
    summary: "An assigned reviewer's one sheet for the open round, validated exactly as the score preview",
    status: 201,
  },
  {
    id: 'getMySheet',
    method: 'GET',
    path: '/v1/submissions/{id}/rounds/{round}/sheets/mine',
    fn: 'campaigns',
    auth: ['reviewer'],
    summary: "The calling reviewer's own sheet",
  },
  {
    id: 'listRoundSheets',
    method: 'GET',
    path: '/v1/submissions/{id}/rounds/{round}/sheets',
    fn: 'campaigns',
    auth: ['unit', 'authority', 'admin'],
    summary: "A closed round's sheets: to authorities; to the unit once ranked, without reviewer ids",
  },
  {
    id: 'closeRound',
    method: 'POST',
    path: '/v1/submissions/{id}/rounds/{round}/close',
    fn: 'campaigns',
    auth: ['authority', 'admin'],
    summary: 'Closes the open round once every assigned sheet is in; the last round scores the submission and stores the breakdown',
  },
  {
    id: 'declareRectification',
    method: 'POST',
    path: '/v1/submissions/{id}/rectification',
    fn: 'campaigns',
    auth: ['unit', 'authority', 'admin'],
    summary:
      'The unit (or an authority for it) declares its rectification between the rounds done, once, with what it fixed; the on-site round may then open before the window ends',
    idempotent: true,
  },
  {
    id: 'createAppeal',
    method: 'POST',
    path: '/v1/submissions/{id}/appeals',
    fn: 'campaigns',
    auth: ['unit'],
    summary: 'The unit appeals once during the appeal window, naming the contested round',
    status: 201,
    idempotent: true,
  },
  {
    id: 'decideAppeal',
    method: 'POST',
    path: '/v1/submissions/{id}/appeals/{appealId}/decision',
    fn: 'campaigns',
    auth: ['authority', 'admin'],
    summary: 'Upholds (the round reopens for new sheets, then the campaign is ranked again) or dismisses, with a reason',
  },
  {
    id: 'reEvaluateSubmission',
    method: 'POST',
    path: '/v1/submissions/{id}/re-evaluation',
    fn: 'campaigns',
    auth: ['authority', 'admin'],
    summary:
      'Closes a rectification after an annual evaluation: passed or failed (then revoking the naming is proposed to its issuer); only while the unit rectifies',
  },
  {
    id: 'createObjection',
    method: 'POST',
    path: '/v1/submissions/{id}/objections',
    fn: 'campaigns',
    auth: roles,
    summary: 'An objection during the public notice (公示), by anyone signed in',
    status: 201,
    idempotent: true,
  },
  {
    id: 'decideObjection',
    method: 'POST',
    path: '/v1/submissions/{id}/objections/{objectionId}/decision',
    fn: 'campaigns',
    auth: ['authority', 'admin'],
    summary: 'Upholds (the unit is not selected) or dismisses an objection, with a reason',
  },
  {
    id: 'putReviewer',
    method: 'PUT',
    path: '/v1/reviewers/{id}',
    fn: 'campaigns',
    auth: ['authority', 'admin'],
    summary: 'Registers an expert of the reviewer pool (the id is the sub of their token): agency and region, for conflict checks',
  },
  {
    id: 'getReviewer',
    method: 'GET',
    path: '/v1/reviewers/{id}',
    fn: 'campaigns',
    auth: ['reviewer', 'authority', 'admin'],
    summary: 'Reads a reviewer of the pool, with declared conflicts',
  },
  {
    id: 'createConflict',
    method: 'POST',
    path: '/v1/reviewers/{id}/conflicts',
    fn: 'campaigns',
    auth: ['reviewer', 'authority', 'admin'],
    summary: 'Declares a conflict of interest with a unit',
    status: 201,
    idempotent: true,
  },
  {
    id: 'listMyAssignments',
    method: 'GET',
    path: '/v1/reviewers/me/assignments',
    fn: 'campaigns',
    auth: ['reviewer'],
    summary: "The calling reviewer's assignments, newest first",
  },
  {
    id: 'putCalendar',
    method: 'PUT',
    path: '/v1/admin/calendars/{year}',
    fn: 'admin',
    auth: ['admin'],
    summary: "Loads a year's official holidays and make-up workdays once the State Council publishes them",
  },
  {
    id: 'getCalendar',
    method: 'GET',
    path: '/v1/calendars/{year}',
    fn: 'admin',
    auth: roles,
    summary: "A year's working-day calendar and its source: loaded, published (built in) or derived (provisional)",
  },
  {
    id: 'createFiling',
    method: 'POST',
    path: '/v1/instructors/filings',
    fn: 'instructors',
    auth: ['authority', 'admin'],
    summary: "Files (备案) the region's active instructor list as of a date with the level above, with what changed since the last filing",
    status: 201,
    idempotent: true,
  },
  {
    id: 'listFilings',
    method: 'GET',
    path: '/v1/instructors/filings',
    fn: 'instructors',
    auth: ['authority', 'admin'],
    summary:
      'Filings in a region, optionally of one level; a province sees every filing in it. Accept XLSX: every page as the filed lines (备案名单) and what changed (变动情况)',
    produces: ['application/json', documentTypes.xlsx],
  },
  {
    id: 'acknowledgeFiling',
    method: 'POST',
    path: '/v1/instructors/filings/{id}/acknowledge',
    fn: 'instructors',
    auth: ['authority', 'admin'],
    summary: 'The level a filing was filed with acknowledges it',
  },
  {
    id: 'createInstructor',
    method: 'POST',
    path: '/v1/instructors',
    fn: 'instructors',
    auth: ['authority', 'admin'],
    summary: "Enters an instructor (指导员) in the database, in the authority's region",
    status: 201,
    idempotent: true,
  },
  {
    id: 'listInstructors',
    method: 'GET',
    path: '/v1/instructors',
    fn: 'instructors',
    auth: ['authority', 'admin'],
    summary: "Instructors in a region (by the region index), optionally of one status, or a unit's active ones",
  },
  {
    id: 'getInstructor',
    method: 'GET',
    path: '/v1/instructors/{id}',
    fn: 'instructors',
    auth: ['authority', 'admin'],
    summary: 'Reads an instructor with every appointment past and present (phone and email: authorities in scope only)',
  },
  {
    id: 'updateInstructor',
    method: 'PATCH',
    path: '/v1/instructors/{id}',
    fn: 'instructors',
    auth: ['authority', 'admin'],
    summary: 'Changes an instructor (merge patch); status retired once no appointment is active',
    conditional: true,
  },
  {
    id: 'adjustInstructor',
    method: 'POST',
    path: '/v1/instructors/{id}/adjustments',
    fn: 'instructors',
    auth: ['authority', 'admin'],
    summary: 'Readjusts an instructor (term end, performance, wish, health, job change), optionally handing each place to a successor',
  },
  {
    id: 'createTraining',
    method: 'POST',
    path: '/v1/instructors/{id}/trainings',
    fn: 'instructors',
    auth: ['authority', 'admin'],
    summary: 'Records a training attended: date, title, hours, organiser',
    status: 201,
    idempotent: true,
  },
  {
    id: 'listTrainings',
    method: 'GET',
    path: '/v1/instructors/{id}/trainings',
    fn: 'instructors',
    auth: ['authority', 'admin'],
    summary: "An instructor's trainings",
  },
  {
    id: 'appointInstructor',
    method: 'POST',
    path: '/v1/units/{id}/instructors',
    fn: 'instructors',
    auth: ['authority', 'admin'],
    summary: "The unit's county department appoints an instructor for 3 years; at most 2 active per unit",
    status: 201,
    idempotent: true,
  },
  {
    id: 'listUnitInstructors',
    method: 'GET',
    path: '/v1/units/{id}/instructors',
    fn: 'instructors',
    auth: ['unit', 'authority', 'admin'],
    summary: "A unit's instructors, past and present",
  },
  {
    id: 'unitsWithoutInstructors',
    method: 'GET',
    path: '/v1/reports/units-without-instructors',
    fn: 'instructors',
    auth: ['authority', 'admin'],
    summary: 'Units of a type with heavy ethnic work that have no active instructor',
  },
  {
    id: 'trainingReport',
    method: 'GET',
    path: '/v1/reports/training',
    fn: 'instructors',
    auth: ['authority', 'admin'],
    summary: 'Active instructors with no training in a year',
  },
  {
    id: 'createPlan',
    method: 'POST',
    path: '/v1/plans',
    fn: 'plans',
    auth: ['authority', 'admin'],
    summary: "An authority's creation plan for its region: phases with date ranges, coverage targets",
    status: 201,
    idempotent: true,
  },
  { id: 'listPlans', method: 'GET', path: '/v1/plans', fn: 'plans', auth: ['authority', 'admin'], summary: 'Plans in a region' },
  { id: 'getPlan', method: 'GET', path: '/v1/plans/{id}', fn: 'plans', auth: ['authority', 'admin'], summary: 'Reads a plan' },
  {
    id: 'createTask',
    method: 'POST',
    path: '/v1/plans/{id}/tasks',
    fn: 'plans',
    auth: ['authority', 'admin'],
    summary: 'Adds a task to the task table (任务分解表): title, responsible agency, phase, due date within the phase, measure of done',
    status: 201,
    idempotent: true,
  },
  {
    id: 'listTasks',
    method: 'GET',
    path: '/v1/plans/{id}/tasks',
    fn: 'plans',
    auth: ['authority', 'admin'],
    summary: "The plan's task table (Accept: text/csv for spreadsheet-friendly CSV, UTF-8 with BOM)",
    produces: ['application/json', 'text/csv'],
  },
  {
    id: 'importTasks',
    method: 'POST',
    path: '/v1/plans/{id}/tasks/import',
    fn: 'plans',
    auth: ['authority', 'admin'],
    summary: 'Imports a task table as CSV (header: title, responsibleAgency, phase, dueOn, measure); each row is checked on its own',
    consumes: ['text/csv'],
  },
  {
    id: 'getBoard',
    method: 'GET',
    path: '/v1/plans/{id}/board',
    fn: 'plans',
    auth: ['authority', 'admin'],
    summary: "Counts by state and phase, the overdue list, each agency's on-time rate",
  },
  {
    id: 'getTask',
    method: 'GET',
    path: '/v1/tasks/{id}',
    fn: 'plans',
    auth: ['authority', 'admin'],
    summary: 'A task with its progress reports and evidence',
  },
  {
    id: 'reportProgress',
    method: 'POST',
    path: '/v1/tasks/{id}/progress',
    fn: 'plans',
    auth: ['authority', 'admin'],
    summary: 'The responsible agency reports progress (percent, text, evidence); 100 % awaits acceptance',
    status: 201,
    idempotent: true,
  },
  {
    id: 'reviewTask',
    method: 'POST',
    path: '/v1/tasks/{id}/review',
    fn: 'plans',
    auth: ['authority', 'admin'],
    summary: "The plan's authority accepts a reported task or sends it back with a reason",
  },
  {
    id: 'createTaskEvidence',
    method: 'POST',
    path: '/v1/tasks/{id}/evidence',
    fn: 'plans',
    auth: ['authority', 'admin'],
    summary: 'A presigned S3 PUT URL for one evidence file of a task (as for submissions)',
    status: 201,
    idempotent: true,
  },
  {
    id: 'confirmTaskEvidence',
    method: 'POST',
    path: '/v1/tasks/{id}/evidence/{evidenceId}/confirm',
    fn: 'plans',
    auth: ['authority', 'admin'],
    summary: 'Checks an uploaded task evidence file against its declared size and SHA-256',
  },
  {
    id: 'coverageReport',
    method: 'GET',
    path: '/v1/reports/coverage',
    fn: 'plans',
    auth: ['authority', 'admin'],
    summary:
      "Creation coverage per unit type and region (county → city → province): units, taking part, named, against the plan's targets (Accept XLSX for a workbook)",
    produces: ['application/json', documentTypes.xlsx],
  },
  {
    id: 'namingReport',
    method: 'GET',
    path: '/v1/reports/namings',
    fn: 'plans',
    auth: ['authority', 'admin'],
    summary: 'Namings of a region counted by level, unit type, kind, year named or status, from counters kept with every naming write',
  },
  {
    id: 'importNamings',
    method: 'POST',
    path: '/v1/namings/import',
    fn: 'namings',
    auth: ['authority', 'admin'],
    summary: 'Imports namings that predate Shifan; each row is validated and stored on its own',
    status: 201,
    idempotent: true,
  },
  {
    id: 'listNamings',
    method: 'GET',
    path: '/v1/namings',
    fn: 'namings',
    auth: ['authority', 'admin'],
    summary:
      'Namings in a region, by type, kind, level or status; with expiringWithin, the active ones whose term ends within that many days, soonest first. Accept XLSX: every page of the filter as the naming list (命名名单), at most 10 000 rows',
    produces: ['application/json', documentTypes.xlsx],
  },
  {
    id: 'listEligibleNamings',
    method: 'GET',
    path: '/v1/namings/eligible',
    fn: 'namings',
    auth: ['authority', 'admin'],
    summary: 'Active namings at or above a level in a region: who is eligible to become a model collective',
  },
  {
    id: 'getNaming',
    method: 'GET',
    path: '/v1/namings/{id}',
    fn: 'namings',
    auth: ['unit', 'authority', 'admin'],
    summary: 'Reads a naming, with the status it shows today',
  },
  {
    id: 'revokeNaming',
    method: 'POST',
    path: '/v1/namings/{id}/revoke',
    fn: 'namings',
    auth: ['authority', 'admin'],
    summary: 'Revokes an active naming with a reason; reminders stop and the unit is notified',
  },
  {
    id: 'decideRevocationProposal',
    method: 'POST',
    path: '/v1/namings/{id}/revocation-proposal/decision',
    fn: 'namings',
    auth: ['authority', 'admin'],
    summary:
      'The issuer (or an authority above it) decides the revocation a failed annual evaluation proposed: revoke (as /revoke does) or keep, with a reason',
  },
  {
    id: 'listNamingNotices',
    method: 'GET',
    path: '/v1/namings/{id}/notices',
    fn: 'namings',
    auth: ['unit', 'authority', 'admin'],
    summary: 'The notices about a naming: id, kind, recipients, status (sent, suppressed, failed), time, provider message id',
  },
  {
    id: 'createRecheck',
    method: 'POST',
    path: '/v1/namings/{id}/rechecks',
    fn: 'namings',
    auth: ['authority', 'admin'],
    summary: 'Schedules a recheck (复检复验), a mutual inspection (互观互检, paired with another named unit) or a look-back (回头看)',
    status: 201,
    idempotent: true,
  },
  {
    id: 'listRechecks',
    method: 'GET',
    path: '/v1/namings/{id}/rechecks',
    fn: 'namings',
    auth: ['unit', 'authority', 'admin'],
    summary: "A naming's rechecks with their outcomes",
  },
  {
    id: 'recordRecheckOutcome',
    method: 'POST',
    path: '/v1/namings/{id}/rechecks/{recheckId}/outcome',
    fn: 'namings',
    auth: ['authority', 'admin'],
    summary: 'Records the outcome once: pass, rectify by a date (then tracked like the recheck), or revoke the naming',
  },
  {
    id: 'recordInspectionFindings',
    method: 'POST',
    path: '/v1/namings/{id}/rechecks/{recheckId}/findings',
    fn: 'namings',
    auth: ['unit', 'authority', 'admin'],
    summary:
      'Records, once, what the paired side found in a mutual inspection (互观互检) of this naming: findings and a rating, by the paired unit or an authority that manages its naming',
  },
  {
    id: 'postMailEvent',
    method: 'POST',
    path: '/v1/admin/mail-events',
    fn: 'admin',
    auth: ['admin'],
    summary:
      'Injects an SES bounce or complaint event (the shape the cloud receives through SNS); hard bounces and complaints suppress the address',
    status: 202,
  },
  {
    id: 'listDeadLetters',
    method: 'GET',
    path: '/v1/admin/notices/dead-letters',
    fn: 'admin',
    auth: ['admin'],
    summary: 'Notices that failed maxReceiveCount times (left in the DLQ)',
  },
  {
    id: 'redriveNotices',
    method: 'POST',
    path: '/v1/admin/notices/redrive',
    fn: 'admin',
    auth: ['admin'],
    summary: 'Moves every notice in the DLQ back to the notices queue',
    status: 202,
  },
  {
    id: 'listAgendaFailures',
    method: 'GET',
    path: '/v1/admin/agenda/failures',
    fn: 'admin',
    auth: ['admin'],
    summary: 'Agenda items whose scheduled step has failed on 3 days or more, with the last error (oldest first)',
  },
  {
    id: 'reindexTable',
    method: 'POST',
    path: '/v1/admin/reindex',
    fn: 'admin',
    auth: ['admin'],
    summary:
      'Gives items stored before an index was added the keys they lack, about 20 s a call: call again with the cursor until none comes back',
  },
  {
    id: 'erasePersonalData',
    method: 'POST',
    path: '/v1/admin/submissions/{id}/erasure',
    fn: 'admin',
    auth: ['admin'],
    summary:
      "Erases an advanced individual's personal data on request, once the honour's term is over (or the nomination ended): gender, ethnicity, position and deeds go, the name and the work unit stay; audited",
  },
  {
    id: 'createClient',
    method: 'POST',
    path: '/v1/admin/clients',
    fn: 'clients',
    auth: ['admin'],
    summary: "Registers an agency's machine client (OAuth 2.0 client credentials): its id, and its secret, shown this once and never again",
    // Not idempotent: a replay would keep the secret in the idempotency record and show it again.
    status: 201,
  },
  {
    id: 'getClient',
    method: 'GET',
    path: '/v1/admin/clients/{clientId}',
    fn: 'clients',
    auth: ['admin'],
    summary: 'A machine client: the agency it acts for and its scopes, never its secret',
  },
  {
    id: 'listRegistry',
    method: 'GET',
    path: '/v1/registry',
    fn: 'registry',
    auth: 'public',
    summary: 'Who is named in a region and until when; revoked and expired entries stay visible',
  },
  {
    id: 'getRegistryEntry',
    method: 'GET',
    path: '/v1/registry/{certificateNo}',
    fn: 'registry',
    auth: 'public',
    summary: 'One naming by its certificate number',
  },
  {
    id: 'getCosts',
    method: 'GET',
    path: '/v1/finance/costs',
    fn: 'finance',
    auth: ['finance', 'admin', 'authority'],
    summary:
      'What requests and jobs cost, grouped by agency, operation, day or month (Accept: text/csv for CSV); an authority sees its own agency',
    produces: ['application/json', 'text/csv'],
  },
  {
    id: 'getForecast',
    method: 'GET',
    path: '/v1/finance/forecast',
    fn: 'finance',
    auth: ['finance', 'admin'],
    summary: "A year's cost at a number of units and submissions, from the last 90 days' per-operation medians",
  },
  {
    id: 'createWebhook',
    method: 'POST',
    path: '/v1/webhooks',
    fn: 'webhooks',
    auth: ['authority'],
    summary:
      "Subscribes the caller's agency's system to events (at most 20 subscriptions per agency): its signing secret (`whsec_…`) is shown this once",
    // Not idempotent: a replay would keep the secret in the idempotency record and show it again.
    status: 201,
  },
  {
    id: 'listWebhooks',
    method: 'GET',
    path: '/v1/webhooks',
    fn: 'webhooks',
    auth: ['authority'],
    summary: "The caller's agency's subscriptions (never their secrets)",
  },
  {
    id: 'getWebhook',
    method: 'GET',
    path: '/v1/webhooks/{id}',
    fn: 'webhooks',
    auth: ['authority'],
    summary: "One subscription of the caller's agency",
  },
  {
    id: 'updateWebhook',
    method: 'PATCH',
    path: '/v1/webhooks/{id}',
    fn: 'webhooks',
    auth: ['authority'],
    summary: 'Changes a subscription: its URL, events or description; `enabled: true` turns a disabled one on again',
    conditional: true,
  },
  {
    id: 'deleteWebhook',
    method: 'DELETE',
    path: '/v1/webhooks/{id}',
    fn: 'webhooks',
    auth: ['authority'],
    summary: 'Ends a subscription: nothing more is delivered to it, deliveries queued for it are dropped',
    status: 204,
    // No Content: the answer has no body.
    produces: [],
  },
  {
    id: 'rotateWebhookSecret',
    method: 'POST',
    path: '/v1/webhooks/{id}/rotate-secret',
    fn: 'webhooks',
    auth: ['authority'],
    summary: 'A new signing secret, shown this once; for 24 hours the old one signs too (two signatures per delivery)',
  },
  {
    id: 'pingWebhook',
    method: 'POST',
    path: '/v1/webhooks/{id}/ping',
    fn: 'webhooks',
    auth: ['authority'],
    summary: 'Queues a signed `webhook.ping` to the subscription, delivered like any event (see its deliveries)',
    status: 202,
  },
  {
    id: 'listWebhookDeliveries',
    method: 'GET',
    path: '/v1/webhooks/{id}/deliveries',
    fn: 'webhooks',
    auth: ['authority'],
    summary: "A subscription's deliveries, newest first: status, attempts, the last response's code and first 1 KB",
  },
  {
    id: 'redeliverWebhookDelivery',
    method: 'POST',
    path: '/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver',
    fn: 'webhooks',
    auth: ['authority'],
    summary: 'Delivers again (same `webhook-id`), with a new 24-hour retry window: one given up on, or one delivered',
    status: 202,
  },
] as const satisfies readonly RouteDef[];

/** A route's id. */
export type RouteId = (typeof routes)[number]['id'];

/** Every schedule. */
export const schedules = [
  {
    name: 'agenda-sweep',
    fn: 'agenda-sweep',
    cron: '0 8 * * ? *',
    timeZone: 'Asia/Shanghai',
    description: 'Every day at 08:00 China time',
  },
  {
    name: 'weekly-digest',
    fn: 'agenda-sweep',
    cron: '0 9 ? * MON *',
    timeZone: 'Asia/Shanghai',
    description: "Mondays at 09:00 China time: each authority's open work, to its contacts",
  },
] as const satisfies readonly ScheduleDef[];

/** Every queue; each has a dead-letter queue named `<name>-dlq`. */
export const queues = [
  { name: 'notices', consumer: 'notifier', batchSize: 10, maxReceiveCount: 5, visibilityTimeoutSeconds: 60 },
  { name: 'mail-events', consumer: 'mail-events', batchSize: 10, maxReceiveCount: 5, visibilityTimeoutSeconds: 60 },
  // The deliverer hides a failed delivery for its backoff itself and gives up after 24 h (to the DLQ); the receive
  // count is only a backstop against a message that crashes the deliverer every time.
  { name: 'webhooks', consumer: 'webhook-deliverer', batchSize: 10, maxReceiveCount: 100, visibilityTimeoutSeconds: 180 },
] as const satisfies readonly QueueDef[];

/** A queue's name. */
export type QueueName = 'notices' | 'mail-events' | 'webhooks';

/** The environment variable that carries a queue's URL (its DLQ's with `dlq`), e.g. `QUEUE_NOTICES_URL`. */
export function queueUrlVariable(name: QueueName, dlq = false): string {
  return `QUEUE_${name.toUpperCase().replaceAll('-', '_')}${dlq ? '_DLQ' : ''}_URL`;
}

/** The routes one function serves. */
export function routesOf(fn: FunctionName): readonly RouteDef[] {
  return (routes as readonly RouteDef[]).filter((r) => r.fn === fn);
}

/** The function behind API Gateway's `$default` route: it answers any request no route matches with a problem+json 404. */
export const defaultRouteFn: FunctionName = 'platform';

/** API Gateway's route key, e.g. `GET /v1/units/{id}`. */
export function routeKey(route: Pick<RouteDef, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
