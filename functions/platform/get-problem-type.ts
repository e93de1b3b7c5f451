import { NotFoundError, text } from '../../shared/domain/errors.ts';
import { isProblemType, problemTypes } from '../../shared/domain/problem-types.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => escapes[c]!);

/**
 * `GET /problems/{name}`: what a problem type means, Chinese first, then English — the page each problem's `type`
 * URI resolves to. An unknown name is a 404 problem like any other.
 */
export const getProblemType: RouteImpl = async (request) => {
  const name = request.params.name!;
  if (!isProblemType(name)) throw new NotFoundError(text(`没有名为 ${name} 的问题类型。`, `There is no problem type ${name}.`));
  const { status, title, about } = problemTypes[name];
  const raw = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>${escapeHtml(title.zh)} · ${escapeHtml(title.en)}</title></head>
<body>
<main>
<section lang="zh-CN">
<h1>${escapeHtml(title.zh)}</h1>
<p>HTTP ${status} · <code>${name}</code></p>
<p>${escapeHtml(about.zh)}</p>
</section>
<section lang="en">
<h2>${escapeHtml(title.en)}</h2>
<p>${escapeHtml(about.en)}</p>
</section>
</main>
</body>
</html>
`;
  return {
    raw,
    headers: { 'content-type': 'text/html; charset=utf-8', 'content-language': 'zh-CN, en', 'cache-control': 'public, max-age=86400' },
  };
};
