import { escapeHtml } from '../../shared/html.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readReferenceScript } from './read-reference-script.ts';

/** Scalar's settings: Chinese; nothing from another origin (fonts, telemetry, its AI agent); try-it against the spec's server `/`. */
const configuration = {
  localization: { locale: 'zh-CN' },
  withDefaultFonts: false,
  telemetry: false,
  showDeveloperTools: 'never',
  mcp: { disabled: true },
  agent: { disabled: true },
  documentDownloadType: 'json',
};

/** Only this origin: the page's script and the spec come from here, and try-it may call nothing else. */
const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  // Scalar injects its stylesheet as <style> elements.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

let page: string | undefined;

/** `GET /docs`: Scalar's reference of `/v1/openapi.json`, its script served from this origin (no CDN, so it works on closed networks). */
export const docs: RouteImpl = async () => {
  page ??= `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Shifan 接口参考</title>
<link rel="icon" href="data:,">
</head>
<body>
<noscript>本页需要 JavaScript。接口描述（OpenAPI 3.1）：<a href="/v1/openapi.json">/v1/openapi.json</a></noscript>
<script id="api-reference" data-url="/v1/openapi.json" data-configuration="${escapeHtml(JSON.stringify(configuration))}"></script>
<script src="/docs/reference.js?v=${readReferenceScript().version}"></script>
</body>
</html>
`;
  return {
    raw: page,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'content-security-policy': contentSecurityPolicy,
      'x-content-type-options': 'nosniff',
    },
  };
};
