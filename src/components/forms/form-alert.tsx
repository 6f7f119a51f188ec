import type { ReactNode } from "react";

// A message about the whole form: what failed (role="alert", read out at
// once) or what succeeded (role="status", read out politely).
export function FormAlert(props: { tone: "error" | "success"; children: ReactNode }) {
  return (
    <p className={`form-alert form-alert-${props.tone}`} role={props.tone === "error" ? "alert" : "status"}>
      {props.children}
    </p>
  );
}
