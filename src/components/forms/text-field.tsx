"use client";
// A labelled input (or textarea) with its error underneath, tied together
// for screen readers (aria-invalid, aria-describedby).
import { useId, type InputHTMLAttributes } from "react";

type TextFieldProps = {
  label: string;
  name: string;
  value: string;
  error?: string;
  hint?: string;
  onValueChange: (value: string) => void;
  multiline?: boolean;
} & Pick<InputHTMLAttributes<HTMLInputElement>, "type" | "autoComplete" | "required" | "inputMode" | "placeholder" | "step">;

export function TextField({ label, name, value, error, hint, onValueChange, multiline, ...input }: TextFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const shared = {
    id,
    name,
    value,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") || undefined,
    required: input.required,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {multiline ? (
        <textarea {...shared} rows={4} onChange={(e) => onValueChange(e.target.value)} placeholder={input.placeholder} />
      ) : (
        <input {...shared} {...input} onChange={(e) => onValueChange(e.target.value)} />
      )}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
