import { createHash, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { S3Client } from '@aws-sdk/client-s3';
import { handler as plansFn } from '../../functions/plans/handler.ts';
import { civilDateAt } from '../../shared/domain/time.ts';
import { authority } from '../support/callers.ts';
import { day } from '../support/dates.ts';
import { callUnits, expectProblem, pointersOf, via } from '../support/workflow.ts';

/*
 * Evidence confirmed as in AWS: S3 checked the signed x-amz-checksum-sha256 on PUT, and confirm reads that checksum
 * with HeadObject, never the body. fauxqs stores the header as sent without checking it, so these tests show what
 * confirm reads and refuses; that S3 signs and enforces the header is shown by the presigned URL (unit tests). The
 * plan lives in 孝感市 (420900), which no other test uses.
 */

const callPlans = via(plansFn, 'plans');
const xiaogan = authority('420900', 'xiaogan-ethnic-affairs');
const today = civilDateAt(new Date());
const tag = randomUUID().slice(0, 8);
const pdf = 'application/pdf';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
let taskId: string;
let sent: MockInstance<(command: { input: object }) => Promise<unknown>>;

/** The S3 commands the handlers sent since the last reset, by name. */
const s3Commands = () => sent.mock.calls.map(([command]) => command.constructor.name);

const declare = (bytes: Uint8Array, declared = bytes) =>
  callPlans({
    method: 'POST',
    path: `/v1/tasks/${taskId}/evidence`,
    claims: xiaogan,
    body: { fileName: '孝感台账.pdf', contentType: pdf, size: declared.length, sha256: sha256(declared) },
  });
const confirm = (evidenceId: string) =>
  callPlans({ method: 'POST', path: `/v1/tasks/${taskId}/evidence/${evidenceId}/confirm`, claims: xiaogan });

beforeAll(async () => {
  // Before any handler reads its configuration: confirm trusts the checksum S3 stored, as it does in AWS.
  vi.stubEnv('S3_VERIFIES_CHECKSUMS', 'true');
  const put = await callUnits({
    method: 'PUT',
    path: `/v1/authorities/${xiaogan.agencyId}`,
    claims: xiaogan,
    body: { name: '孝感市民族宗教事务局', regionCode: '420900', contacts: [{ name: '台账联络员', email: `xiaogan-${tag}@example.cn` }] },
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  const plan = await callPlans({
    method: 'POST',
    path: '/v1/plans',
    claims: xiaogan,
    body: { title: `孝感市创建规划 ${tag}`, phases: [{ name: '夯实基础', from: day(today, -10), to: day(today, 60) }] },
  });
  expect(plan.status, JSON.stringify(plan.body)).toBe(201);
  const task = await callPlans({
    method: 'POST',
    path: `/v1/plans/${plan.body.id}/tasks`,
    claims: xiaogan,
    body: {
      title: '建立创建工作台账',
      responsibleAgency: xiaogan.agencyId,
      phase: '夯实基础',
      dueOn: day(today, 30),
      measure: '台账资料齐全',
    },
  });
  expect(task.status, JSON.stringify(task.body)).toBe(201);
  taskId = task.body.id;
  sent = vi.spyOn(S3Client.prototype, 'send') as unknown as typeof sent;
});

afterEach(() => sent.mockClear());
afterAll(() => {
  sent.mockRestore();
  vi.unstubAllEnvs();
});

describe('Route: POST /v1/tasks/{id}/evidence/{evidenceId}/confirm, where S3 checks checksums', () => {
  it('confirms a file PUT with the headers its upload names from HeadObject alone, reading no body', async () => {
    const bytes = new TextEncoder().encode(`%PDF-1.4 孝感 ${tag} 台账资料`);
    const declared = await declare(bytes);
    expect(declared.status, JSON.stringify(declared.body)).toBe(201);
    expect(declared.body.upload.headers).toEqual({
      'content-type': pdf,
      'x-amz-checksum-sha256': createHash('sha256').update(bytes).digest('base64'),
    });
    expect((await fetch(declared.body.upload.url, { method: 'PUT', headers: declared.body.upload.headers, body: bytes })).status).toBe(200);
    sent.mockClear();

    const confirmed = await confirm(declared.body.id);

    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.status).toBe('confirmed');
    expect(s3Commands()).toEqual(['HeadObjectCommand']);
    expect(sent.mock.calls[0]![0].input).toMatchObject({ ChecksumMode: 'ENABLED' });
  });

  it('refuses a file PUT without its checksum header (S3 would refuse the PUT) with 422 at /sha256, and discards it', async () => {
    const bytes = new TextEncoder().encode(`%PDF-1.4 孝感 ${tag} 无校验和`);
    const declared = await declare(bytes);
    expect((await fetch(declared.body.upload.url, { method: 'PUT', headers: { 'content-type': pdf }, body: bytes })).status).toBe(200);
    sent.mockClear();

    const answer = await confirm(declared.body.id);

    expectProblem(answer, 422, 'validation');
    expect(pointersOf(answer)).toEqual(['/sha256']);
    expect(s3Commands()).toEqual(['HeadObjectCommand', 'DeleteObjectCommand']);
    expectProblem(await confirm(declared.body.id), 409, 'not-uploaded');
  });

  it("refuses a file PUT with another file's checksum with 422 at /sha256, naming both digests in hex", async () => {
    const bytes = new TextEncoder().encode(`%PDF-1.4 孝感 ${tag} 上传的`);
    const declaredBytes = new TextEncoder().encode(`%PDF-1.4 孝感 ${tag} 申报的`);
    expect(declaredBytes.length).toBe(bytes.length);
    const declared = await declare(bytes, declaredBytes);
    const headers = { 'content-type': pdf, 'x-amz-checksum-sha256': createHash('sha256').update(bytes).digest('base64') };
    expect((await fetch(declared.body.upload.url, { method: 'PUT', headers, body: bytes })).status).toBe(200);

    const answer = await confirm(declared.body.id);

    expectProblem(answer, 422, 'validation');
    expect(answer.body.errors).toEqual([
      { pointer: '/sha256', detail: `上传文件的 SHA-256 为 ${sha256(bytes)}，与声明的 ${sha256(declaredBytes)} 不符` },
    ]);
    expect(s3Commands()).not.toContain('GetObjectCommand');
  });
});
