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
    }
  }, 180_000);
});
