// Inputs of the access-token procedures: shared by the settings form.
import { z } from "zod";
import { accessTokenScopes } from "../access-tokens/scopes";

export const createAccessTokenInput = z.object({
  name: z.string().trim().min(1, "Give the token a name").max(80, "Keep the name under 80 characters"),
  scopes: z.array(z.enum(accessTokenScopes)).min(1, "Choose at least one scope").max(accessTokenScopes.length),
  /** Days until the token stops working; none: it works until revoked. */
  expiresInDays: z.number().int().min(1, "At least one day").max(366, "At most 366 days").nullish(),
});

export const accessTokenIdInput = z.object({ id: z.string().min(1).max(64) });
