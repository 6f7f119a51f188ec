// The data import's steps over a CSV file. Each step streams the file (a
// 50 MB file never sits in memory whole) and reports rows done / total.
import "server-only";
import { createReadStream, createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { once } from "node:events";
import { parse } from "csv-parse";
import { shortText } from "@/lib/event-text";
import type { ColumnSummary, ColumnType } from "@/lib/imports";
import { ImportProblem, type RunContext } from "./run-context";

const IMPORT_BATCH_ROWS = 1_000;
/** Rows read to decide whether a column holds numbers (when most of their values are). */
const TYPE_SAMPLE_ROWS = 1_000;
const MAX_COLUMNS = 200;
const MAX_DISTINCT = 10_000;

export type Column = { name: string; type: ColumnType };

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function csvRecords(input: Readable) {
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: 1024 * 1024,
    trim: true,
  });
  input.pipe(parser);
  input.on("error", (error) => parser.destroy(error));
  return parser;
}

function describeCsvError(error: unknown): string {
  const e = error as { message?: string; lines?: number };
  // The parser's message may quote the offending field, of any length.
  return `The file could not be read as CSV${e.lines ? ` (near line ${e.lines})` : ""}: ${shortText(e.message ?? String(error), 300)}`;
}

/**
 * A column name as a reason quotes it: a header may hold a name of any
 * length (up to the 1 MB record limit), and a reason is read by a person.
 */
function quotedName(name: string): string {
  return `"${shortText(name, 60)}"`;
}

function checkHeader(header: string[]): void {
  if (header.length === 0 || header.every((h) => h === "")) {
    throw new ImportProblem("The first line must name the columns; it is empty.");
  }
  if (header.length > MAX_COLUMNS) throw new ImportProblem(`The file has ${header.length} columns; at most ${MAX_COLUMNS} are supported.`);
  header.forEach((name, i) => {
    if (name === "") throw new ImportProblem(`Column ${i + 1} of the header has no name.`);
    if (name.includes("\u0000")) throw new ImportProblem(`Column ${i + 1} of the header holds a NUL character (binary data).`);
  });
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new ImportProblem(`The header names the column ${quotedName(name)} twice.`);
    seen.add(name);
  }
}

function inferTypes(header: string[], sample: string[][]): Column[] {
  return header.map((name, i) => {
    const values = sample.map((r) => r[i] ?? "").filter((v) => v !== "");
    // Most values numbers: the column holds numbers, and the others are errors
    // to report (a typo in a number column), not a reason to make it text.
    const numbers = values.filter((v) => NUMBER.test(v)).length;
    return { name, type: values.length > 0 && numbers * 2 > values.length ? "number" : "text" };
  });
}

function checkRow(columns: Column[], record: string[], rowNumber: number): void {
  if (record.length !== columns.length) {
    throw new ImportProblem(
      `Row ${rowNumber} has ${record.length} value${record.length === 1 ? "" : "s"}; the header has ${columns.length} columns.`,
    );
  }
  columns.forEach((column, i) => {
    const value = record[i]!;
    // The upload's content check sees only the first bytes; PostgreSQL cannot store NUL at all.
    if (value.includes("\u0000")) {
      throw new ImportProblem(`Row ${rowNumber}, column "${column.name}" holds a NUL character (binary data).`);
    }
    if (column.type === "number" && value !== "" && !NUMBER.test(value)) {
      throw new ImportProblem(
        `Row ${rowNumber}, column ${quotedName(column.name)}: "${shortText(value, 40)}" is not a number (the column holds numbers).`,
      );
    }
  });
}

/**
 * Step 1: the header (names present, unique) and every row (as many values
 * as columns; numbers where the column holds numbers). Progress in bytes.
 */
export async function validateCsv(
  ctx: RunContext,
  position: number,
  input: Readable,
  totalBytes: number,
): Promise<{ columns: Column[]; rowCount: number }> {
  const parser = csvRecords(input);
  let header: string[] | null = null;
  let columns: Column[] | null = null;
  const sample: string[][] = [];
  let rowCount = 0;
  const validateSample = () => {
    columns = inferTypes(header!, sample);
    sample.forEach((record, i) => checkRow(columns!, record, i + 1));
  };
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = record;
        checkHeader(header);
        continue;
      }
      rowCount += 1;
      if (!columns) {
        sample.push(record);
        if (sample.length === TYPE_SAMPLE_ROWS) validateSample();
      } else {
        checkRow(columns, record, rowCount);
      }
      if (rowCount % 1000 === 0) await ctx.progress(position, parser.info.bytes, totalBytes);
    }
  } catch (error) {
    if (error instanceof ImportProblem || (error as Error).name === "Cancelled") throw error;
    throw new ImportProblem(describeCsvError(error));
  } finally {
    input.destroy();
  }
  if (!header) throw new ImportProblem("The file is empty.");
  if (!columns) validateSample();
  if (rowCount === 0) throw new ImportProblem("The file has a header but no rows.");
  return { columns: columns!, rowCount };
}

export function scratchFile(processId: string): string {
  return path.join(tmpdir(), `live-notify-import-${processId}.ndjson`);
}

function typedRow(columns: Column[], record: string[]): Record<string, string | number | null> {
  const row: Record<string, string | number | null> = {};
  columns.forEach((c, i) => {
    const value = record[i] ?? "";
    row[c.name] = value === "" ? null : c.type === "number" ? Number(value) : value;
  });
  return row;
}

/** Step 2: rows to typed values, into a scratch file of this worker. Progress in rows. */
export async function parseCsv(
  ctx: RunContext,
  position: number,
  input: Readable,
  columns: Column[],
  rowCount: number,
): Promise<string> {
  const file = scratchFile(ctx.processId);
  const out = createWriteStream(file);
  const parser = csvRecords(input);
  let header = true;
  let done = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (header) {
        header = false;
        continue;
      }
      done += 1;
      if (!out.write(`${JSON.stringify(typedRow(columns, record))}\n`)) await once(out, "drain");
      if (done % 1000 === 0) await ctx.progress(position, done, rowCount);
    }
    out.end();
    await once(out, "finish");
  } catch (error) {
    // Let the writes in flight finish before removing the file: destroying
    // the stream under a pending write makes that write fail later, as an
    // error nobody listens to (an uncaught exception in the worker).
    out.end();
    await finished(out).catch(() => undefined);
    await rm(file, { force: true });
    throw error;
  } finally {
    input.destroy();
  }
  return file;
}

/** Step 3: batched inserts of IMPORT_BATCH_ROWS rows; the owner's cancel is checked between batches. */
export async function importRows(
  ctx: RunContext,
  position: number,
  datasetId: string,
  file: string,
  rowCount: number,
): Promise<number> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let batch: string[] = [];
  let done = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const first = done + 1;
    // One statement per batch: the rows travel as one JSON array parameter.
    await ctx.db.$executeRaw`
      INSERT INTO "DatasetRow" ("datasetId", "rowNumber", "data")
      SELECT ${datasetId}, ${first}::int + (r.ordinality::int - 1), r.value
      FROM jsonb_array_elements(${`[${batch.join(",")}]`}::jsonb) WITH ORDINALITY AS r(value, ordinality)`;
    done += batch.length;
    batch = [];
    await ctx.progress(position, done, rowCount);
    await ctx.checkpoint();
  };
  try {
    for await (const line of lines) {
      if (line === "") continue;
      batch.push(line);
      if (batch.length === IMPORT_BATCH_ROWS) await flush();
    }
    await flush();
  } finally {
    lines.close();
  }
  return done;
}

/** Step 4: per-column statistics, computed by PostgreSQL. Progress in columns. */
export async function summarize(
  ctx: RunContext,
  position: number,
  datasetId: string,
  columns: Column[],
): Promise<ColumnSummary[]> {
  const summaries: ColumnSummary[] = [];
  for (const [i, column] of columns.entries()) {
    if (column.type === "number") {
      const [row] = await ctx.db.$queryRaw<[{ filled: bigint; min: number | null; max: number | null; mean: number | null }]>`
        SELECT count(*) FILTER (WHERE jsonb_typeof(data -> ${column.name}) = 'number') AS filled,
               min((data ->> ${column.name})::float8) AS min,
               max((data ->> ${column.name})::float8) AS max,
               avg((data ->> ${column.name})::float8) AS mean
        FROM "DatasetRow" WHERE "datasetId" = ${datasetId}`;
      summaries.push({
        name: column.name,
        type: "number",
        filled: Number(row.filled),
        ...(row.min !== null ? { min: row.min, max: row.max ?? undefined, mean: Math.round((row.mean ?? 0) * 1000) / 1000 } : {}),
      });
    } else {
      const [row] = await ctx.db.$queryRaw<[{ filled: bigint; distinct: bigint }]>`
        SELECT count(*) FILTER (WHERE data ->> ${column.name} IS NOT NULL) AS filled,
               count(DISTINCT data ->> ${column.name}) AS distinct
        FROM "DatasetRow" WHERE "datasetId" = ${datasetId}`;
      summaries.push({
        name: column.name,
        type: "text",
        filled: Number(row.filled),
        distinct: Math.min(Number(row.distinct), MAX_DISTINCT),
      });
    }
    await ctx.progress(position, i + 1, columns.length);
  }
  return summaries;
}
