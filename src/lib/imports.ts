// The data import workflow as people see it: its steps, in order,
// and what their progress counts. Shared by the worker and the widget.
export const IMPORT_WORKFLOW = "data-import";

export const importSteps = [
  { name: "validate", label: "Validate header and types", unit: "bytes" },
  { name: "parse", label: "Parse rows", unit: "rows" },
  { name: "import", label: "Import rows", unit: "rows" },
  { name: "summarize", label: "Summarize", unit: "columns" },
] as const;


export type ColumnType = "number" | "text";

export type ColumnSummary = {
  name: string;
  type: ColumnType;
  /** Rows with a non-empty value. */
  filled: number;
  /** Numbers only. */
  min?: number;
  max?: number;
  mean?: number;
  /** Text only: distinct non-empty values (up to a cap). */
  distinct?: number;
};

export type DatasetSummary = { rowCount: number; columns: ColumnSummary[] };

/** Overall percentage of a run from its steps (each step weighs the same). */
export function overallPercent(steps: { status: string; done: number; total: number | null }[]): number {
  if (steps.length === 0) return 0;
  let sum = 0;
  for (const s of steps) {
    if (s.status === "COMPLETED") sum += 1;
    else if (s.total && s.total > 0) sum += Math.min(1, s.done / s.total);
  }
  return Math.floor((sum / steps.length) * 100);
}
