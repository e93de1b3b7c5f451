import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { startLocalHost, localClients } from '../infra/local/host.ts';
import { freePort } from '../infra/local/ports.ts';
import { readLocalSettings } from '../infra/local/settings.ts';
import { maxEvidenceBytes } from '../shared/domain/submissions.ts';
import type { Figure } from './cost.ts';
import { median } from './support.ts';

/** fauxqs takes at most 11 MiB in one request (its Fastify bodyLimit); larger files go up in parts of this size. */
const partBytes = 10 * 1024 * 1024;

/**
 * Puts a file too large for one request to the emulator where its presigned PUT would have put it, with the SHA-256
 * S3 stores for that PUT: in parts under a staging key, then copied under its own key with the checksum header.
 */
async function stageLarge(s3: S3Client, Bucket: string, Key: string, bytes: Buffer, headers: Record<string, string>): Promise<void> {
  const staging = `${Key}.staging`;
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: staging }));
  const Parts = [];
  for (let at = 0, PartNumber = 1; at < bytes.length; at += partBytes, PartNumber++) {
    const { ETag } = await s3.send(
      new UploadPartCommand({ Bucket, Key: staging, UploadId, PartNumber, Body: bytes.subarray(at, at + partBytes) }),
    );
    Parts.push({ ETag, PartNumber });
  }
  await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: staging, UploadId, MultipartUpload: { Parts } }));
  const copy = new CopyObjectCommand({
    Bucket,
    Key,
    CopySource: `${Bucket}/${staging}`,
    MetadataDirective: 'REPLACE',
    ContentType: headers['content-type'],
  });
  copy.middlewareStack.add(
    (next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-amz-checksum-sha256'] = headers['x-amz-checksum-sha256']!;
      return next(args);
    },
    { step: 'build' },
  );
  await s3.send(copy);
  await s3.send(new DeleteObjectCommand({ Bucket, Key: staging }));
}

/**
 * `bench/evidence`: the metered cost (`x-shifan-cost`) of confirming a 50 MB evidence file against a 1 KB one, `rounds`
 * of each, alternating, through the local host's `POST /v1/submissions/{id}/evidence/{evidenceId}/confirm`. Measured
 * as in AWS (`S3_VERIFIES_CHECKSUMS=true`): confirm reads the checksum S3 stored with HeadObject and no body, so the
 * file's size should not show. Target: ≤ 1.2.
 */
export async function benchEvidence(rounds = 15): Promise<{ figures: Figure[]; details: Record<string, number | string> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shifan-bench-'));
  const settings = {
    ...readLocalSettings({}),
    SHIFAN_API_PORT: await freePort(),
    SHIFAN_DYNAMODB_PORT: await freePort(),
    SHIFAN_SQS_PORT: await freePort(),
    SHIFAN_SES_PORT: await freePort(),
    SHIFAN_DATA_DIR: dataDir,
    SHIFAN_LOG_LEVEL: 'ERROR' as const,
  };
  // Read by the handlers at their first request: the figure is about the cloud's confirm, not the emulator's hashing.
  process.env.S3_VERIFIES_CHECKSUMS = 'true';
  const host = await startLocalHost(settings);
  try {
    const { s3 } = localClients(host.endpoints);
    const Bucket = process.env.BUCKET_EVIDENCE!;
    const unit = { authorization: `Bearer ${host.tokens.find((t) => t.label.startsWith('unit'))!.token}` };
    const api = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(`${host.urls.api}${path}`, {
        ...init,
        headers: { ...unit, 'content-type': 'application/json', ...init.headers },
      });
      const body = (await response.json()) as any;
      if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${JSON.stringify(body)}`);
      return { body, cost: Number.parseFloat(response.headers.get('x-shifan-cost') ?? 'NaN') };
    };
    const submissions = (await api('/v1/units/demo-baibuting/submissions')).body.items as { id: string; state: string }[];
    const draft = submissions.find((s) => s.state === 'draft')!;
    const files = { '1 KB': randomBytes(1024), '50 MB': randomBytes(maxEvidenceBytes) };
    const costs: Record<keyof typeof files, number[]> = { '1 KB': [], '50 MB': [] };
    const confirmOne = async (bytes: Buffer) => {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const { body: created } = await api(`/v1/submissions/${draft.id}/evidence`, {
        method: 'POST',
        body: JSON.stringify({ fileName: '台账资料.pdf', contentType: 'application/pdf', size: bytes.length, sha256 }),
      });
      if (bytes.length > partBytes) await stageLarge(s3, Bucket, created.key, bytes, created.upload.headers);
      else {
        const put = await fetch(created.upload.url, { method: 'PUT', headers: created.upload.headers, body: bytes });
        if (!put.ok) throw new Error(`PUT ${bytes.length} bytes: ${put.status}`);
      }
      const { body: confirmed, cost } = await api(`/v1/submissions/${draft.id}/evidence/${created.id}/confirm`, { method: 'POST' });
      if (confirmed.status !== 'confirmed' || Number.isNaN(cost)) throw new Error(`confirm: ${JSON.stringify(confirmed)}`);
      // The emulator holds objects in memory: 50 MB each adds up.
      await s3.send(new DeleteObjectCommand({ Bucket, Key: created.key }));
      return cost;
    };
    // One of each to warm up (module loads, connections), then the sizes alternate.
    for (const bytes of Object.values(files)) await confirmOne(bytes);
    for (let i = 0; i < rounds; i++) {
      for (const [size, bytes] of Object.entries(files) as [keyof typeof files, Buffer][]) costs[size].push(await confirmOne(bytes));
    }
    const small = median(costs['1 KB']);
    const large = median(costs['50 MB']);
    const ratio = large / small;
    return {
      details: {
        mode: 'measured as in AWS (S3 checked the signed checksum on PUT, confirm reads it with HeadObject, no body); the 50 MB file staged in 10 MiB parts, as fauxqs takes at most 11 MiB a request',
        rounds,
        confirm1KbMicros: small,
        confirm50MbMicros: large,
      },
      figures: [
        {
          name: 'metered cost of a 50 MB evidence confirm ÷ a 1 KB one (as in AWS: HeadObject checksum, no body read)',
          value: ratio,
          unit: 'ratio',
          target: '≤ 1.2',
          ok: ratio <= 1.2,
        },
      ],
    };
  } finally {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
