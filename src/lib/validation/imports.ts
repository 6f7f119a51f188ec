// Inputs of the imports API.
import { z } from "zod";

const id = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, "Not a valid id");

export const startImportInput = z.object({
  uploadId: id,
  name: z.string().trim().min(1, "Give the dataset a name").max(120, "Keep the name under 120 characters").optional(),
});
export const processIdInput = z.object({ processId: id });
export const datasetIdInput = z.object({ datasetId: id });
export const uploadIdInput = z.object({ uploadId: id });
