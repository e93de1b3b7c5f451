import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ShifanStack } from '../../infra/cloud/stack.ts';
import { functions, type FunctionDef, type FunctionName } from '../../shared/topology.ts';

/* The stack bundled for real, as `cdk deploy` would (esbuild, no Docker): these tests read the code assets. */
const outdir = mkdtempSync(join(tmpdir(), 'shifan-assets-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The document renderers' bundles found beside the functions' (filled by the first test). */
const renderers: string[] = [];

function bundledFunctions(): { service: string; dir: string; nodeOptions: string }[] {
  const app = new App({ outdir });
  const stack = new ShifanStack(app, 'bundled', {
    stage: 'dev',
    mailFrom: 'no-reply@example.cn',
    corsOrigins: ['*'],
    mailIdentityArn: 'arn:aws:ses:us-east-1:111111111111:identity/example.cn',
  });
  const template = Template.fromStack(stack);
  app.synth();
  return Object.values(template.findResources('AWS::Lambda::Function'))
    .filter((f) => String(f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME ?? '').startsWith('shifan-'))
    .map((f) => ({
      service: f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME as string,
      dir: join(outdir, `asset.${String(f.Properties.Code.S3Key).replace(/\.zip$/, '')}`),
      nodeOptions: f.Properties.Environment.Variables.NODE_OPTIONS as string,
    }));
}

describe('Function bundles', () => {
  it('carry the AWS SDK inside, tree-shaken, and source maps without the sources, which Node reads at start', () => {
    const bundled = bundledFunctions();
    expect(bundled.map((f) => f.service).sort()).toEqual(
      Object.keys(functions)
        .map((name) => `shifan-${name}`)
        .sort(),
    );
    for (const { service, dir, nodeOptions } of bundled) {
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(code, service).not.toMatch(/from\s*"@aws-sdk\//);
      // Nor loaded at run time: a client imported lazily (KMS, by what seals or opens webhook secrets) is bundled too.
      expect(code, service).not.toMatch(/import\(\s*"@aws-sdk\//);
      expect(code, service).toContain('DynamoDBClient');
      expect(existsSync(join(dir, 'index.mjs.map')), service).toBe(true);
      const map = JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')) as { sources: string[]; sourcesContent?: unknown[] };
      expect(
        map.sources.some((s) => s.includes('functions/')),
        service,
      ).toBe(true);
      expect(map.sourcesContent ?? [], service).toHaveLength(0);
      expect(nodeOptions, service).toBe('--enable-source-maps');
      // What a function reads at run time instead of bundling (platform: the reference page's script) is beside it.
      const def: FunctionDef = functions[service.replace(/^shifan-/, '') as FunctionName];
      for (const file of def.files ?? []) expect(existsSync(join(dir, basename(file))), `${service}: ${file}`).toBe(true);
      // What seals or opens webhook secrets carries the KMS command it sends.
      if (def.signingSecrets) expect(code, service).toContain(def.signingSecrets === 'seal' ? 'EncryptCommand' : 'DecryptCommand');
      // What it bundles on its own (the document renderers) is beside it too, and out of its own bundle.
      for (const module of def.bundles ?? []) {
        const side = join(dir, basename(module).replace(/\.ts$/, '.mjs'));
        expect(existsSync(side), `${service}: ${module}`).toBe(true);
        expect(code, service).not.toContain('officedocument.spreadsheetml.styles');
        renderers.push(side);
      }
    }
    expect(renderers.length).toBeGreaterThan(0);
  }, 180_000);

  it('load the document renderers beside them at run time, and render a workbook and a DOCX there', () => {
    // Prepare: a fresh Node process, as Lambda's, importing the renderers' bundle from beside index.mjs.
    const script = `
      const { workbook, officialDocument } = await import(${JSON.stringify(`file://${renderers[0]}`)});
      const book = await workbook([{ name: '名单', columns: [{ header: '名称', width: 10 }], rows: [['南明区']] }]);
      const doc = await officialDocument({ title: '关于测试的通报', number: '黔民宗发〔2026〕1号', addressee: '各有关单位：',
        body: ['正文'], table: { columns: ['序号', '名称'], rows: [['1', '南明区']] }, closing: [],
        issuer: '贵州省民族宗教事务委员会', date: '2026年12月3日' });
      console.log(JSON.stringify([book.subarray(0, 2).toString(), doc.subarray(0, 2).toString()]));`;

    // Act
    const out = execFileSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], { encoding: 'utf8' });

    // Assess: both are zip files (OOXML).
    expect(JSON.parse(out.trim())).toEqual(['PK', 'PK']);
  }, 60_000);
});
