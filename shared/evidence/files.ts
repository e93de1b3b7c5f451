import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ConflictError, ValidationError, text } from '../domain/errors.ts';
import type { FieldProblem } from '../domain/errors.ts';
import { evidenceTypes, type EvidenceCreate } from '../domain/submissions.ts';
import type { Config } from '../config.ts';

/*
 * Evidence files (台账资料) go straight from the browser to S3 with a presigned PUT; the API never carries a file.
 * A presign is metered as an S3 write: it stands for the upload the agency is about to make. Submissions and plan
 * tasks keep their evidence records themselves; this module holds what they share.
 *
 * The PUT is signed with the declared SHA-256 as `x-amz-checksum-sha256`, so S3 refuses a body that does not match
 * and confirm reads the stored checksum with HeadObject instead of streaming the file through Lambda. fauxqs 2.4
 * checks neither signatures nor checksums (it stores the header as sent): against it, confirm hashes the body.
 */

/** Where evidence files are kept, and how confirm checks an upload there. */
export interface EvidenceBucket {
  s3: S3Client;
  name: string;
  check: UploadCheck;
}

const uploadSeconds = 15 * 60;
const downloadSeconds = 5 * 60;

/** An evidence record: what was declared, where it goes, whether its upload was checked. */
export interface Evidence extends EvidenceCreate {
  id: string;
  key: string;
  status: 'pending' | 'confirmed';
  createdAt: string;
  createdBy: string;
  confirmedAt?: string;
  /** Why it was added, where not with the application: what a unit fixed during a campaign's rectification window. */
  purpose?: 'rectification';
}

/** An evidence record from its stored item. */
export function evidenceOf(item: Record<string, unknown>): Evidence {
  const { id, fileName, contentType, size, sha256, key, status, createdAt, createdBy, confirmedAt, purpose } = item as unknown as Evidence;
  return {
    id,
    fileName,
    contentType,
    size,
    sha256,
    key,
    status,
    createdAt,
    createdBy,
    ...(confirmedAt ? { confirmedAt } : {}),
    ...(purpose ? { purpose } : {}),
  };
}

/** A new evidence record under `prefix` (e.g. `evidence/<submission>`) and its presigned upload, valid 15 minutes. */
export async function declareEvidence(
  bucket: EvidenceBucket,
  prefix: string,
  body: EvidenceCreate,
  by: string,
  now: string,
  id: string = randomUUID(),
): Promise<{ evidence: Evidence; upload: Record<string, unknown> }> {
  const key = `${prefix}/${id}.${evidenceTypes[body.contentType]}`;
  return {
    evidence: { id, ...body, key, status: 'pending', createdAt: now, createdBy: by },
    upload: await uploadFor(bucket, key, body, now),
  };
}

/** The S3 presigner, loaded by the first request that hands out a URL: the other routes' cold starts skip it. */
const presigner = () => import('@aws-sdk/s3-request-presigner');

/** The header S3 checks an upload's body against: the digest in base64, where the API takes it in hex. */
const checksumOf = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

/** A presigned PUT for an evidence record's key, valid 15 minutes, that S3 accepts only with the declared size and SHA-256. */
export async function uploadFor(
  bucket: EvidenceBucket,
  key: string,
  body: Pick<EvidenceCreate, 'contentType' | 'size' | 'sha256'>,
  now: string,
): Promise<Record<string, unknown>> {
  const { getSignedUrl } = await presigner();
  const ChecksumSHA256 = checksumOf(body.sha256);
  // A signed header, not hoisted into the query string: there S3 would not check the body against it.
  const url = await getSignedUrl(
    bucket.s3,
    new PutObjectCommand({
      Bucket: bucket.name,
      Key: key,
      ContentType: body.contentType,
      ContentLength: body.size,
      ChecksumSHA256,
    }),
    { expiresIn: uploadSeconds, unhoistableHeaders: new Set(['x-amz-checksum-sha256']) },
  );
  return {
    method: 'PUT',
    url,
    headers: { 'content-type': body.contentType, 'x-amz-checksum-sha256': ChecksumSHA256 },
    expiresAt: new Date(Date.parse(now) + uploadSeconds * 1000).toISOString(),
  };
}

/**
 * How confirm knows an upload's SHA-256: `checksum` reads the one S3 checked on PUT (HeadObject); `hash` reads the
 * body, for an endpoint that stores `x-amz-checksum-sha256` without checking it.
 */
export type UploadCheck = 'checksum' | 'hash';

/** The check the configured S3 needs: AWS checks checksums; an emulator (S3_ENDPOINT) does not unless told so. */
export function uploadCheckFor(config: Config): UploadCheck {
  return (config.S3_VERIFIES_CHECKSUMS ?? config.S3_ENDPOINT === undefined) ? 'checksum' : 'hash';
}

async function sha256Of(body: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of body) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

const hexOf = (base64: string) => Buffer.from(base64, 'base64').toString('hex');

/**
 * Checks an upload against what was declared: its size, then its SHA-256 (as `check` says). Nothing uploaded yet →
 * 409; a mismatch discards the upload and returns the problems (the caller answers 422).
 */
export async function verifyUpload(bucket: EvidenceBucket, evidence: Evidence): Promise<FieldProblem[]> {
  const { s3, name: Bucket, check } = bucket;
  const head = await s3
    .send(new HeadObjectCommand({ Bucket, Key: evidence.key, ChecksumMode: 'ENABLED' }))
    .catch((error: { name?: string; $metadata?: { httpStatusCode?: number } }) => {
      if (error.name === 'NotFound' || error.$metadata?.httpStatusCode === 404) return undefined;
      throw error;
    });
  if (!head)
    throw new ConflictError(
      text(
        '该证明材料尚未上传文件，请先将文件 PUT 到其上传地址。',
        'Nothing was uploaded for this evidence yet; PUT the file to its upload URL first.',
      ),
      'not-uploaded',
    );
  const problems: FieldProblem[] = [];
  if (head.ContentLength !== evidence.size)
    problems.push({
      pointer: '/size',
      detail: text(
        `上传的文件为 ${head.ContentLength} 字节，与声明的 ${evidence.size} 字节不符`,
        `the upload has ${head.ContentLength} bytes, not the ${evidence.size} declared`,
      ),
    });
  else {
    // Hashing asks for a range, for which S3 and fauxqs return no stored checksum: else the SDK would check the body
    // against the header the browser sent and throw, where confirm checks it against the declaration (422).
    const actual =
      check === 'checksum'
        ? head.ChecksumSHA256
        : await sha256Of(
            (await s3.send(new GetObjectCommand({ Bucket, Key: evidence.key, Range: `bytes=0-${evidence.size - 1}` }))).Body as Readable,
          );
    if (actual === undefined)
      problems.push({
        pointer: '/sha256',
        detail: text(
          '上传的文件没有 SHA-256 校验值；请按上传说明所列的请求头 PUT',
          'the upload carries no SHA-256 checksum; PUT it with the headers its upload names',
        ),
      });
    else if (actual !== checksumOf(evidence.sha256))
      problems.push({
        pointer: '/sha256',
        detail: text(
          `上传文件的 SHA-256 为 ${hexOf(actual)}，与声明的 ${evidence.sha256} 不符`,
          `the upload's SHA-256 is ${hexOf(actual)}, not the ${evidence.sha256} declared`,
        ),
      });
  }
  if (problems.length > 0) await s3.send(new DeleteObjectCommand({ Bucket, Key: evidence.key }));
  return problems;
}

/** The record confirmed once its upload matches what was declared; otherwise 422 (the upload is discarded). */
export async function confirmUpload(bucket: EvidenceBucket, evidence: Evidence, now: string): Promise<Evidence> {
  const problems = await verifyUpload(bucket, evidence);
  if (problems.length > 0)
    throw new ValidationError(
      problems,
      text('上传的文件与声明不符，已删除。', 'The uploaded file is not the one declared; it was discarded.'),
    );
  return { ...evidence, status: 'confirmed', confirmedAt: now };
}

/** A confirmed file with a download URL valid for 5 minutes; a pending one as it is. */
export async function withDownload(bucket: EvidenceBucket, evidence: Evidence): Promise<Evidence & { downloadUrl?: string }> {
  if (evidence.status !== 'confirmed') return evidence;
  const { getSignedUrl } = await presigner();
  return {
    ...evidence,
    downloadUrl: await getSignedUrl(bucket.s3, new GetObjectCommand({ Bucket: bucket.name, Key: evidence.key }), {
      expiresIn: downloadSeconds,
    }),
  };
}
