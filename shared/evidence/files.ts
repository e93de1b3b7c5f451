import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ConflictError, ValidationError } from '../domain/errors.ts';
import type { FieldProblem } from '../domain/errors.ts';
import { evidenceTypes, type EvidenceCreate } from '../domain/submissions.ts';
import { getClients } from '../clients.ts';
import { getConfig } from '../config.ts';

/*
 * Evidence files (台账资料) go straight from the browser to S3 with a presigned PUT; the API never carries a file.
 * A presign is metered as an S3 write: it stands for the upload the agency is about to make. Submissions and plan
 * tasks keep their evidence records themselves; this module holds what they share.
 */

const uploadSeconds = 15 * 60;
const downloadSeconds = 5 * 60;

/** An evidence record: what was declared, where it goes, whether its upload was checked. */
export interface Evidence extends EvidenceCreate { id: string; key: string; status: 'pending' | 'confirmed'; createdAt: string; createdBy: string; confirmedAt?: string }

/** An evidence record from its stored item. */
export function evidenceOf(item: Record<string, unknown>): Evidence {
  const { id, fileName, contentType, size, sha256, key, status, createdAt, createdBy, confirmedAt } = item as unknown as Evidence;
  return { id, fileName, contentType, size, sha256, key, status, createdAt, createdBy, ...(confirmedAt ? { confirmedAt } : {}) };
}

/** A new evidence record under `prefix` (e.g. `evidence/<submission>`) and its presigned upload, valid 15 minutes. */
export async function declareEvidence(prefix: string, body: EvidenceCreate, by: string, now: string, id: string = randomUUID()): Promise<{ evidence: Evidence; upload: Record<string, unknown> }> {
  const key = `${prefix}/${id}.${evidenceTypes[body.contentType]}`;
  return { evidence: { id, ...body, key, status: 'pending', createdAt: now, createdBy: by }, upload: await uploadFor(key, body, now) };
}

/** The S3 presigner, loaded by the first request that hands out a URL: the other routes' cold starts skip it. */
const presigner = () => import('@aws-sdk/s3-request-presigner');

/** A presigned PUT for an evidence record's key, valid 15 minutes. */
export async function uploadFor(key: string, body: Pick<EvidenceCreate, 'contentType' | 'size'>, now: string): Promise<Record<string, unknown>> {
  const { getSignedUrl } = await presigner();
  const url = await getSignedUrl(getClients().s3, new PutObjectCommand({
    Bucket: getConfig().BUCKET_EVIDENCE, Key: key, ContentType: body.contentType, ContentLength: body.size,
  }), { expiresIn: uploadSeconds });
  return { method: 'PUT', url, headers: { 'content-type': body.contentType }, expiresAt: new Date(Date.parse(now) + uploadSeconds * 1000).toISOString() };
}

async function sha256Of(body: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of body) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Checks an upload against what was declared: its size, then its SHA-256. Nothing uploaded yet → 409; a mismatch
 * discards the upload and returns the problems (the caller answers 422).
 */
export async function verifyUpload(evidence: Evidence): Promise<FieldProblem[]> {
  const { s3 } = getClients();
  const Bucket = getConfig().BUCKET_EVIDENCE;
  const head = await s3.send(new HeadObjectCommand({ Bucket, Key: evidence.key })).catch((error: { name?: string; $metadata?: { httpStatusCode?: number } }) => {
    if (error.name === 'NotFound' || error.$metadata?.httpStatusCode === 404) return undefined;
    throw error;
  });
  if (!head) throw new ConflictError('Nothing was uploaded for this evidence yet; PUT the file to its upload URL first.', 'not-uploaded');
  const problems: FieldProblem[] = [];
  if (head.ContentLength !== evidence.size) problems.push({ pointer: '/size', detail: `the upload has ${head.ContentLength} bytes, not the ${evidence.size} declared` });
  else {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket, Key: evidence.key }));
    const actual = await sha256Of(Body as Readable);
    if (actual !== evidence.sha256) problems.push({ pointer: '/sha256', detail: `the upload's SHA-256 is ${actual}, not the ${evidence.sha256} declared` });
  }
  if (problems.length > 0) await s3.send(new DeleteObjectCommand({ Bucket, Key: evidence.key }));
  return problems;
}

/** The record confirmed once its upload matches what was declared; otherwise 422 (the upload is discarded). */
export async function confirmUpload(evidence: Evidence, now: string): Promise<Evidence> {
  const problems = await verifyUpload(evidence);
  if (problems.length > 0) throw new ValidationError(problems, 'The uploaded file is not the one declared; it was discarded.');
  return { ...evidence, status: 'confirmed', confirmedAt: now };
}

/** A confirmed file with a download URL valid for 5 minutes; a pending one as it is. */
export async function withDownload(evidence: Evidence): Promise<Evidence & { downloadUrl?: string }> {
  if (evidence.status !== 'confirmed') return evidence;
  const { getSignedUrl } = await presigner();
  return { ...evidence, downloadUrl: await getSignedUrl(getClients().s3, new GetObjectCommand({ Bucket: getConfig().BUCKET_EVIDENCE, Key: evidence.key }), { expiresIn: downloadSeconds }) };
}
