import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { configSchema } from '../../../../shared/config.ts';
import { uploadCheckFor, uploadFor, verifyUpload, type Evidence, type EvidenceBucket } from '../../../../shared/evidence/files.ts';

/* No bucket answers here: the S3 client is mocked (a presign needs no network), as AWS would answer the confirm. */

const s3 = mockClient(S3Client);
const bytes = Buffer.from('%PDF-1.4 台账资料');
const hex = createHash('sha256').update(bytes).digest('hex');
const base64 = createHash('sha256').update(bytes).digest('base64');
const evidence: Evidence = {
  id: 'e-1',
  fileName: '台账资料.pdf',
  contentType: 'application/pdf',
  size: bytes.length,
  sha256: hex,
  key: 'evidence/s-1/e-1.pdf',
  status: 'pending',
  createdAt: '2026-11-23T02:00:00.000Z',
  createdBy: 'unit-1',
};
const fiftyMegabytes = 50 * 1024 * 1024;
/** The bucket as AWS checks it (`checksum`), or as an emulator that stores the header unchecked (`hash`). */
const bucket = (check: EvidenceBucket['check']): EvidenceBucket => ({ s3: new S3Client({ region: 'us-east-1' }), name: 'evidence', check });

describe('Function: uploadFor', () => {
  it('signs the declared SHA-256 as the x-amz-checksum-sha256 header (in base64), not as a query parameter S3 would not check', async () => {
    // Act
    const upload = await uploadFor(bucket('checksum'), evidence.key, evidence, '2026-11-23T02:00:00.000Z');

    // Assess
    const url = new URL(upload.url as string);
    expect(url.searchParams.get('X-Amz-SignedHeaders')!.split(';')).toEqual(
      expect.arrayContaining(['content-length', 'host', 'x-amz-checksum-sha256']),
    );
    expect([...url.searchParams.keys()].filter((k) => /checksum/i.test(k))).toEqual([]);
    expect(upload.headers).toEqual({ 'content-type': 'application/pdf', 'x-amz-checksum-sha256': base64 });
    expect(upload.expiresAt).toBe('2026-11-23T02:15:00.000Z');
  });
});

describe('Function: verifyUpload', () => {
  afterEach(() => s3.reset());

  it('confirms a 50 MB upload from the checksum S3 checked on PUT, reading no body', async () => {
    // Prepare
    s3.on(HeadObjectCommand).resolves({ ContentLength: fiftyMegabytes, ChecksumSHA256: base64 });

    // Act
    const problems = await verifyUpload(bucket('checksum'), { ...evidence, size: fiftyMegabytes });

    // Assess
    expect(problems).toEqual([]);
    expect(s3.commandCalls(HeadObjectCommand)[0]!.args[0].input).toMatchObject({ Key: evidence.key, ChecksumMode: 'ENABLED' });
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(0);
  });

  it("refuses an upload whose stored checksum is another file's at /sha256 (in hex), and discards it", async () => {
    const other = createHash('sha256').update('another file').digest();
    s3.on(HeadObjectCommand).resolves({ ContentLength: bytes.length, ChecksumSHA256: other.toString('base64') });

    const problems = await verifyUpload(bucket('checksum'), evidence);

    expect(problems).toEqual([
      {
        pointer: '/sha256',
        detail: {
          zh: `上传文件的 SHA-256 为 ${other.toString('hex')}，与声明的 ${hex} 不符`,
          en: `the upload's SHA-256 is ${other.toString('hex')}, not the ${hex} declared`,
        },
      },
    ]);
    expect(s3.commandCalls(DeleteObjectCommand)[0]!.args[0].input.Key).toBe(evidence.key);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  it('refuses an upload that carries no checksum at /sha256, and discards it', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: bytes.length });

    const problems = await verifyUpload(bucket('checksum'), evidence);

    expect(problems.map((p) => p.pointer)).toEqual(['/sha256']);
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(1);
  });

  it('refuses an upload of another size at /size without looking further', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: bytes.length + 1, ChecksumSHA256: base64 });

    const problems = await verifyUpload(bucket('checksum'), evidence);

    expect(problems.map((p) => p.pointer)).toEqual(['/size']);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  it('hashes the body where S3 stores the checksum unchecked, and trusts no stored header', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: bytes.length, ChecksumSHA256: base64 });
    s3.on(GetObjectCommand).resolves({ Body: Readable.from([Buffer.from('%PDF-1.4 台账资'), Buffer.from('料')]) as never });

    expect(await verifyUpload(bucket('hash'), evidence)).toEqual([]);
    // A range: the SDK would otherwise check the body against the stored checksum and throw, not answer 422.
    expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input.Range).toBe(`bytes=0-${bytes.length - 1}`);

    s3.on(GetObjectCommand).resolves({ Body: Readable.from([Buffer.from('%PDF-1.4 not the file.')]) as never });
    expect((await verifyUpload(bucket('hash'), evidence)).map((p) => p.pointer)).toEqual(['/sha256']);
  });
});

describe('Function: uploadCheckFor', () => {
  const required = {
    TABLE_MAIN: 'shifan-main',
    TABLE_USAGE: 'shifan-usage',
    BUCKET_EVIDENCE: 'shifan-evidence',
    QUEUE_NOTICES_URL: 'q',
    QUEUE_NOTICES_DLQ_URL: 'd',
    QUEUE_WEBHOOKS_URL: 'w',
    QUEUE_WEBHOOKS_DLQ_URL: 'wd',
  };

  it('trusts S3 in AWS, hashes against an emulator endpoint, and follows S3_VERIFIES_CHECKSUMS where it is set', () => {
    expect(uploadCheckFor(configSchema.parse(required))).toBe('checksum');
    expect(uploadCheckFor(configSchema.parse({ ...required, S3_ENDPOINT: 'http://127.0.0.1:4566' }))).toBe('hash');
    expect(uploadCheckFor(configSchema.parse({ ...required, S3_ENDPOINT: 'http://127.0.0.1:4566', S3_VERIFIES_CHECKSUMS: 'true' }))).toBe(
      'checksum',
    );
    expect(uploadCheckFor(configSchema.parse({ ...required, S3_VERIFIES_CHECKSUMS: 'false' }))).toBe('hash');
  });
});
