import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/domain/errors.ts';
import { evidenceTypes, type EvidenceCreate } from '../../shared/domain/submissions.ts';
import { getClients } from '../../shared/clients.ts';
import { getConfig } from '../../shared/config.ts';
import { mainStore } from '../../shared/data/store.ts';
import { childKey, childOf, childrenOf } from '../../shared/data/submissions.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readVisibleSubmission, retrying } from './access.ts';
import { saveStep } from './submissions.ts';

/*
 * Evidence (台账资料) goes straight from the browser to S3 with a presigned PUT; the API never carries the file.
 * The presign is metered as an S3 write: it stands for the upload the agency is about to make.
 */

const uploadSeconds = 15 * 60;
const downloadSeconds = 5 * 60;

/** States in which evidence may be added: the application, and a result the unit may still appeal. */
const openFor = new Set(['draft', 'scored', 'vetoed']);

interface Evidence extends EvidenceCreate { id: string; key: string; status: 'pending' | 'confirmed'; createdAt: string; createdBy: string; confirmedAt?: string }

function evidenceOf(item: Record<string, unknown>): Evidence {
  const { id, fileName, contentType, size, sha256, key, status, createdAt, createdBy, confirmedAt } = item as unknown as Evidence;
  return { id, fileName, contentType, size, sha256, key, status, createdAt, createdBy, ...(confirmedAt ? { confirmedAt } : {}) };
}

/** `POST /v1/submissions/{id}/evidence`: a presigned S3 PUT URL for one file (pdf, jpg, png, docx, xlsx; ≤ 50 MB). */
export const createEvidence: RouteImpl<EvidenceCreate> = (request) => retrying(request, async () => {
  const { caller, body } = request;
  const { submission, relation } = await readVisibleSubmission(caller, request.params.id!, true);
  if (relation === 'reviewer') throw new ForbiddenError('Evidence comes from the unit (or an authority on its behalf).');
  if (!openFor.has(submission.state)) throw new ConflictError(`Evidence is added to a draft, or to a result under appeal; this submission is ${submission.state}.`, 'illegal-transition');
  const id = randomUUID();
  const key = `evidence/${submission.id}/${id}.${evidenceTypes[body.contentType]}`;
  const evidence: Evidence = { id, ...body, key, status: 'pending', createdAt: request.now, createdBy: caller.sub };
  const { s3 } = getClients();
  const uploadUrl = await getSignedUrl(s3, new PutObjectCommand({
    Bucket: getConfig().BUCKET_EVIDENCE, Key: key, ContentType: body.contentType, ContentLength: body.size,
  }), { expiresIn: uploadSeconds });
  await saveStep(request, submission, submission, 'addEvidence', { evidenceId: id, fileName: body.fileName }, [
    { Put: { TableName: '', Item: { ...childKey(submission.id, `EVIDENCE#${id}`), kind: 'evidence', ...evidence }, ConditionExpression: 'attribute_not_exists(pk)' } },
  ]);
  return {
    status: 201,
    body: { ...evidence, upload: { method: 'PUT', url: uploadUrl, headers: { 'content-type': body.contentType }, expiresAt: new Date(Date.parse(request.now) + uploadSeconds * 1000).toISOString() } },
  };
});

async function sha256Of(body: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of body) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * `POST /v1/submissions/{id}/evidence/{evidenceId}/confirm`: checks the uploaded file's size and SHA-256 against
 * what was declared; a mismatch → 422 and the upload is discarded (a new one needs a new evidence request).
 */
export const confirmEvidence: RouteImpl = (request) => retrying(request, async () => {
  const { submission, relation } = await readVisibleSubmission(request.caller, request.params.id!, true);
  if (relation === 'reviewer') throw new ForbiddenError('Evidence comes from the unit (or an authority on its behalf).');
  const item = await childOf(mainStore(), submission.id, `EVIDENCE#${request.params.evidenceId}`);
  if (!item) throw new NotFoundError(`No evidence ${request.params.evidenceId} on this submission.`);
  const evidence = evidenceOf(item);
  if (evidence.status === 'confirmed') return { body: evidence };
  const { s3 } = getClients();
  const Bucket = getConfig().BUCKET_EVIDENCE;
  const head = await s3.send(new HeadObjectCommand({ Bucket, Key: evidence.key })).catch((error: { name?: string; $metadata?: { httpStatusCode?: number } }) => {
    if (error.name === 'NotFound' || error.$metadata?.httpStatusCode === 404) return undefined;
    throw error;
  });
  if (!head) throw new ConflictError('Nothing was uploaded for this evidence yet; PUT the file to its upload URL first.', 'not-uploaded');
  const problems = [];
  if (head.ContentLength !== evidence.size) problems.push({ pointer: '/size', detail: `the upload has ${head.ContentLength} bytes, not the ${evidence.size} declared` });
  else {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket, Key: evidence.key }));
    const actual = await sha256Of(Body as Readable);
    if (actual !== evidence.sha256) problems.push({ pointer: '/sha256', detail: `the upload's SHA-256 is ${actual}, not the ${evidence.sha256} declared` });
  }
  if (problems.length > 0) {
    await s3.send(new DeleteObjectCommand({ Bucket, Key: evidence.key }));
    throw new ValidationError(problems, 'The uploaded file is not the one declared; it was discarded.');
  }
  const confirmed: Evidence = { ...evidence, status: 'confirmed', confirmedAt: request.now };
  await saveStep(request, submission, submission, 'confirmEvidence', { evidenceId: evidence.id }, [
    { Put: { TableName: '', Item: { ...item, ...confirmed }, ConditionExpression: '#status = :pending', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':pending': 'pending' } } },
  ]);
  return { body: confirmed };
});

/** `GET /v1/submissions/{id}/evidence`: the files, with download URLs valid for 5 minutes, for whoever may see the submission. */
export const listEvidence: RouteImpl = async (request) => {
  const { submission } = await readVisibleSubmission(request.caller, request.params.id!);
  const { s3 } = getClients();
  const Bucket = getConfig().BUCKET_EVIDENCE;
  const items = await Promise.all((await childrenOf(mainStore(), submission.id, 'EVIDENCE#')).map(evidenceOf).map(async (e) => (e.status === 'confirmed'
    ? { ...e, downloadUrl: await getSignedUrl(s3, new GetObjectCommand({ Bucket, Key: e.key }), { expiresIn: downloadSeconds }) }
    : e)));
  return { body: { items } };
};
