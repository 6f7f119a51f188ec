// What a received file really is, from its bytes (never its name or the
// type the browser claimed). Images by magic bytes; CSV has none, so it is
// checked by parsing its header.
import "server-only";
import { parse } from "csv-parse/sync";
import { fileTypeFromBuffer } from "file-type";
import type { UploadKindName } from "@/lib/uploads";

export const SNIFF_BYTES = 64 * 1024;

const imageTypes = new Set(["image/jpeg", "image/png", "image/webp"]);

export type ContentCheck = { ok: true; contentType: string } | { ok: false; reason: string };

export async function checkContent(kind: UploadKindName, head: Buffer, complete: boolean): Promise<ContentCheck> {
  const detected = await fileTypeFromBuffer(head);
  if (kind === "image") {
    if (detected && imageTypes.has(detected.mime)) return { ok: true, contentType: detected.mime };
    return {
      ok: false,
      reason: detected
        ? `This file is a ${detected.ext.toUpperCase()} file, not a JPEG, PNG or WebP image.`
        : "This file is not a JPEG, PNG or WebP image.",
    };
  }
  if (detected) return { ok: false, reason: `This file is a ${detected.ext.toUpperCase()} file, not a CSV file.` };
  if (head.includes(0)) return { ok: false, reason: "This file is not a CSV file (it contains binary data)." };
  const text = head.toString("utf8");
  // The head may end mid-row: parse only whole lines, unless it is the whole file.
  const lastNewline = text.lastIndexOf("\n");
  const whole = complete || lastNewline < 0 ? text : text.slice(0, lastNewline);
  try {
    const records = parse(whole, { bom: true, to_line: 1, relax_column_count: true }) as string[][];
    const header = records[0];
    if (!header || header.every((h) => h.trim() === "")) {
      return { ok: false, reason: "This CSV file has no header row (the first line names the columns)." };
    }
    return { ok: true, contentType: "text/csv" };
  } catch (error) {
    return { ok: false, reason: `This file is not a readable CSV file: ${(error as Error).message}` };
  }
}
