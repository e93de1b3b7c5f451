import { existsSync, mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDevKeys } from '../../infra/local/dev-issuer.ts';
import { createHttpHost } from '../../infra/local/http-host.ts';
import { routes } from '../../shared/topology.ts';

/*
 * `/docs` as an agency's developer opens it: the local host's HTTP layer on loopback (this run's emulators behind
 * it), Debian's chromium driven by playwright-core, which downloads no browser of its own.
 */

const executablePath = '/usr/bin/chromium';
const listUnits = routes.find((route) => route.id === 'listUnits')!;

let server: Server;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  if (!existsSync(executablePath))
    throw new Error(`${executablePath} is missing: run \`bash scripts/install-browser.sh\` (Debian's chromium and a Chinese font).`);
  server = createHttpHost(await loadDevKeys(join(mkdtempSync(join(tmpdir(), 'shifan-docs-')), 'dev-key.json')));
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => server?.close(done));
});

describe('Reference page', () => {
  it('is served with a policy that lets it load only from its own origin, its script cached for good', async () => {
    // Act
    const page = await fetch(`${origin}/docs`);
    const html = await page.text();
    const script = await fetch(`${origin}${/<script src="([^"]+)"/.exec(html)?.[1]}`);

    // Assess
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('data-url="/v1/openapi.json"');
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${origin}/docs/reference.js?v=old`)).headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('renders `GET /v1/units` from the OpenAPI document in Chinese, with no console error and nothing fetched from elsewhere', async () => {
    // Prepare
    const page = await browser.newPage();
    const errors: string[] = [];
    const failed: string[] = [];
    const elsewhere: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText}`));
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.url()}: ${response.status()}`);
    });
    page.on('request', (request) => {
      if (!/^(data|blob):/.test(request.url()) && !request.url().startsWith(`${origin}/`)) elsewhere.push(request.url());
    });

    // Act
    const seen = async (step: Promise<void>) =>
      step.catch((error: Error) => {
        throw new Error(`${error.message}\nconsole errors: ${errors.join(' | ')}\nfailed requests: ${failed.join(' | ')}`);
      });
    await page.goto(`${origin}/docs`);
    // Operations further down render as they come into view: open this one from the sidebar, as a reader would.
    await seen(page.getByText(listUnits.summary, { exact: true }).first().click({ timeout: 30_000 }));
    await seen(page.getByText(listUnits.path, { exact: true }).first().waitFor({ timeout: 30_000 }));
    // Try-it sends to the spec's server `/`, which the page resolves to its own origin.
    await seen(page.getByText(origin, { exact: true }).first().waitFor({ timeout: 5_000 }));

    // Assess
    expect(errors).toEqual([]);
    expect(failed).toEqual([]);
    expect(elsewhere).toEqual([]);
    expect(await page.title()).toContain('接口参考');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
  }, 60_000);
});
