"use client";
// A form validated as the person types, with the same zod schema the server
// uses, and with the server's per-field messages shown in the same places.
import { useMemo, useState, type FormEvent } from "react";
import { z } from "zod";
import type { FieldErrors } from "@/trpc/errors";

/** Every field of a schema's input, as the text the person typed. */
export type FormValues<S extends z.ZodType> = { [K in keyof z.input<S>]-?: string };

export function useLiveForm<S extends z.ZodType>(schema: S, initialValues: FormValues<S>) {
  type Name = keyof FormValues<S> & string;
  const [values, setValues] = useState(initialValues);
  // Fields the person has typed in: their rules apply from the first keystroke.
  const [touched, setTouched] = useState<ReadonlySet<Name>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});

  const clientErrors = useMemo(() => validate(schema, values), [schema, values]);

  function errorFor(name: Name): string | undefined {
    const server = serverErrors[name]?.[0];
    if (server) return server;
    return submitted || touched.has(name) ? clientErrors[name]?.[0] : undefined;
  }

  function setValue(name: Name, value: string) {
    setValues((current) => ({ ...current, [name]: value }));
    setTouched((current) => (current.has(name) ? current : new Set(current).add(name)));
    // The server judged the old value; the live rules judge the new one.
    setServerErrors((current) => (current[name] ? { ...current, [name]: undefined } : current));
  }

  /** Props for a <TextField>. */
  function field(name: Name) {
    return {
      name,
      value: values[name],
      error: errorFor(name),
      onValueChange: (value: string) => setValue(name, value),
    };
  }

  /** Validates everything; calls `onValid` with the parsed input, or focuses the first field to fix. */
  function handleSubmit(onValid: (input: z.output<S>) => void) {
    return (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      setSubmitted(true);
      const result = schema.safeParse(values);
      if (result.success) {
        onValid(result.data);
        return;
      }
      const first = Object.keys(initialValues).find((name) => clientErrors[name]?.length);
      const element = first ? event.currentTarget.elements.namedItem(first) : null;
      if (element instanceof HTMLElement) element.focus();
    };
  }

  /** Back to a fresh form (after a success), optionally keeping some values. */
  function reset(nextValues: FormValues<S> = initialValues) {
    setValues(nextValues);
    setTouched(new Set());
    setSubmitted(false);
    setServerErrors({});
  }

  return { values, field, handleSubmit, setServerErrors, reset };
}

function validate(schema: z.ZodType, values: unknown): FieldErrors {
  const result = schema.safeParse(values);
  return result.success ? {} : (z.flattenError(result.error).fieldErrors as FieldErrors);
}
