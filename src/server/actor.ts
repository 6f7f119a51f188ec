// Who a service acts for: the signed-in person, through a session or an
// access token (the tRPC context's `ctx.user` is one). Every service that
// depends on who calls takes it as `actor` in its one options object:
// `verbNoun({ actor, tx?, ...input })`. Recipients, owners and members a
// service acts *on* stay plain ids (`recipientId`, `memberId`, ...).
import "server-only";
import type { Role } from "@/generated/prisma/enums";

export type Actor = { id: string; name: string; role: Role };
