import { handleRestRequest } from "@/server/api/rest";

export const dynamic = "force-dynamic";

function handler(req: Request) {
  return handleRestRequest(req);
}

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
