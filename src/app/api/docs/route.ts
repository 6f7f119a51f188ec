import { openApiDocument } from "@/server/api/rest";
import { renderApiReference } from "@/server/api/api-reference";

export const dynamic = "force-dynamic";

export function GET() {
  return new Response(renderApiReference(openApiDocument()), {
    headers: { "Content-Type": "text/html; charset=utf-8" },
  });
}
