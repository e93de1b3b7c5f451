import { escapeHtml } from '../../shared/html.ts';

interface Operation {
  operationId: string;
  summary: string;
  'x-roles'?: string[];
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** Renders the OpenAPI document as one HTML page: every operation, who may call it, its parameters and schemas. */
export function renderReference(document: Record<string, unknown>): string {
  const paths = document.paths as Record<string, Record<string, Operation>>;
  const sections = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const roles = op['x-roles'] ? op['x-roles'].join(', ') : 'public';
      const params =
        op.parameters.map((p) => `<code>${escapeHtml(p.name)}</code> (${p.in}${p.required ? ', required' : ''})`).join(' · ') || '—';
      const bodyTypes = op.requestBody ? Object.entries(op.requestBody.content) : [];
      const body =
        bodyTypes.length > 0
          ? `<details><summary>Request body (${escapeHtml(bodyTypes.map(([type]) => type).join(', '))})</summary><pre>${escapeHtml(JSON.stringify(bodyTypes.at(-1)![1].schema, null, 2) ?? '')}</pre></details>`
          : '';
      const ok = Object.entries(op.responses).find(([status]) => status.startsWith('2'));
      const schema = ok?.[1].content?.['application/json']?.schema;
      const response = schema
        ? `<details><summary>Response ${ok![0]}</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`
        : '';
      return `<section id="${escapeHtml(op.operationId)}"><h2><span class="m">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h2>
<p>${escapeHtml(op.summary)}</p><p><b>Roles:</b> ${escapeHtml(roles)} · <b>Parameters:</b> ${params}</p>${body}${response}</section>`;
    }),
  );
  const info = document.info as { title: string; description: string };
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(info.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}
section{border-top:1px solid #ddd;padding:.5em 0}h2{font-size:1.05em}.m{display:inline-block;min-width:4em;color:#fff;background:#8a1c1c;padding:0 .4em;border-radius:3px}
pre{background:#f6f6f6;padding:.6em;overflow:auto;font-size:13px}</style></head><body>
<h1>${escapeHtml(info.title)}</h1><p>${escapeHtml(info.description)}</p>
<p>Machine-readable: <a href="/v1/openapi.json">/v1/openapi.json</a> (OpenAPI 3.1). Errors are <code>application/problem+json</code> (RFC 9457).
Send <code>Authorization: Bearer &lt;JWT&gt;</code> with the claims <code>sub</code>, <code>role</code>, <code>agencyId</code>, <code>region</code>.</p>
${sections.join('\n')}</body></html>`;
}
