"use client";
// A labelled textarea (as TextField's multiline one) with the @mention
// people picker under it: for posts and comments.
import { useId, useRef } from "react";
import { useMentionPicker } from "./use-mention-picker";

type Props = {
  label: string;
  name: string;
  value: string;
  error?: string;
  hint?: string;
  required?: boolean;
  placeholder?: string;
  onValueChange: (value: string) => void;
};

export function MentionTextarea({ label, name, value, error, hint, required, placeholder, onValueChange }: Props) {
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const picker = useMentionPicker({ textareaRef: ref, onInsert: onValueChange });
  const hintId = `${id}-hint`;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <p id={hintId} className="field-hint">
        {hint ? `${hint} ` : ""}Type @ and a name to mention someone.
      </p>
      <div className="mention-field">
        <textarea
          ref={ref}
          id={id}
          name={name}
          rows={4}
          value={value}
          required={required}
          placeholder={placeholder}
          aria-invalid={error ? true : undefined}
          aria-describedby={[hintId, errorId].filter(Boolean).join(" ")}
          {...picker.textareaProps}
          onChange={(e) => {
            onValueChange(e.target.value);
            picker.refresh();
          }}
          onKeyDown={(e) => void picker.onKeyDown(e)}
        />
        {picker.list}
      </div>
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
