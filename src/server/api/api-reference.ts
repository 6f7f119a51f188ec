// The REST API's reference page: the OpenAPI document rendered as plain HTML
// on the server (no script, no CDN), one section per operation.
import "server-only";

type Json = Record<string, unknown>;

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function code(value: unknown): string {
  return `<pre><code>${escapeHtml(JSON.stringify(value, null, 2))}</code></pre>`;
}

function operation(method: string, path: string, op: Json): string {
  const params = (op.parameters as Json[] | undefined) ?? [];
  const body = (op.requestBody as Json | undefined)?.content as Json | undefined;
  const responses = (op.responses as Json | undefined) ?? {};
  const id = `${method}-${path}`.replace(/[^a-z0-9]+/gi, "-");
  return `<section class="op" id="${escapeHtml(id)}">
  <h3><span class="method">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
  <p>${escapeHtml(String(op.summary ?? ""))}</p>
  ${
    params.length
      ? `<h4>Parameters</h4><table><thead><tr><th>Name</th><th>In</th><th>Required</th><th>Schema</th></tr></thead><tbody>${params
          .map(
            (p) =>
              `<tr><td><code>${escapeHtml(String(p.name))}</code></td><td>${escapeHtml(String(p.in))}</td><td>${p.required ? "yes" : "no"}</td><td><code>${escapeHtml(JSON.stringify(p.schema ?? {}))}</code></td></tr>`,
          )
          .join("")}</tbody></table>`
      : ""
  }
  ${body ? `<h4>Request body (JSON)</h4>${code((body["application/json"] as Json | undefined)?.schema ?? body)}` : ""}
  <h4>Responses</h4>
  <ul>${Object.entries(responses)
    .map(([status, r]) => `<li><strong>${escapeHtml(status)}</strong> ${escapeHtml(String((r as Json).description ?? ""))}</li>`)
    .join("")}</ul>
  ${(() => {
    const ok = (responses["200"] as Json | undefined)?.content as Json | undefined;
    const schema = (ok?.["application/json"] as Json | undefined)?.schema;
    return schema ? `<details><summary>Response schema (200)</summary>${code(schema)}</details>` : "";
  })()}
</section>`;
}

export function renderApiReference(doc: unknown): string {
  const d = doc as Json;
  const info = d.info as Json;
  const paths = (d.paths as Record<string, Json> | undefined) ?? {};
  const ops = Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
      .map(([method, op]) => ({ method, path, op: op as Json })),
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(String(info.title))} reference</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 0 auto; padding: 1rem; line-height: 1.5; color: #1f2937; }
  pre { background: #f3f4f6; padding: 0.75rem; overflow: auto; border-radius: 6px; font-size: 0.85rem; }
  .op { border-top: 1px solid #e5e7eb; padding-top: 0.5rem; }
  .method { display: inline-block; min-width: 4rem; font-weight: 700; color: #1d4ed8; }
  table { border-collapse: collapse; } td, th { border: 1px solid #e5e7eb; padding: 0.25rem 0.5rem; text-align: left; }
  a { color: #1d4ed8; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(String(info.title))} <small>v${escapeHtml(String(info.version))}</small></h1>
<p>${escapeHtml(String(info.description ?? ""))}</p>
<p>Base URL: <code>/api/v1</code>. Machine-readable document: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${escapeHtml(String(d.openapi))}).</p>
<h2>Operations</h2>
<nav><ul>${ops
    .map(({ method, path }) => {
      const id = `${method}-${path}`.replace(/[^a-z0-9]+/gi, "-");
      return `<li><a href="#${escapeHtml(id)}">${method.toUpperCase()} ${escapeHtml(path)}</a></li>`;
    })
    .join("")}</ul></nav>
${ops.map(({ method, path, op }) => operation(method, path, op)).join("\n")}
</main>
</body>
</html>`;
}
