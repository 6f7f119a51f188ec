"use client";
// Changing a person's role: find them by name or email, choose User or
// Admin. The server refuses to demote the last admin and says why; a
// demoted admin loses the admin pages and channels at once.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { errorMessage } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { PeoplePicker, type Person } from "./people-picker";

type Role = "USER" | "ADMIN";
const roleLabels: Record<Role, string> = { USER: "User", ADMIN: "Admin" };

export function PeopleRoles() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [person, setPerson] = useState<(Person & { role: Role }) | null>(null);
  const [role, setRole] = useState<Role>("USER");
  const change = useMutation(
    trpc.admin.changeRole.mutationOptions({
      onSuccess: (result) => {
        setPerson(result.user);
        void queryClient.invalidateQueries(trpc.admin.auditLog.pathFilter());
        void queryClient.invalidateQueries(trpc.admin.searchUsers.pathFilter());
      },
    }),
  );

  function pick(picked: Person) {
    const current = picked.role ?? "USER";
    setPerson({ ...picked, role: current });
    setRole(current);
    change.reset();
  }

  return (
    <>
      <PeoplePicker label="Find a person" verb="Manage the role of" onPick={pick} />
      {person && (
        <form
          method="post"
          className="role-form"
          aria-label={`Role of ${person.name}`}
          onSubmit={(e) => {
            e.preventDefault();
            change.mutate({ userId: person.id, role });
          }}
        >
          <p>
            <strong>{person.name}</strong> <span className="muted">{person.email}</span> is{" "}
            <span data-testid="current-role">{person.role === "ADMIN" ? "an admin" : "a user"}</span>.
          </p>
          <div className="field">
            <label htmlFor={`${id}-role`}>Role</label>
            <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {(Object.keys(roleLabels) as Role[]).map((r) => (
                <option key={r} value={r}>
                  {roleLabels[r]}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button" disabled={change.isPending || role === person.role}>
            {change.isPending ? "Saving…" : "Save role"}
          </button>
          {change.isError && <FormAlert tone="error">{errorMessage(change.error)}</FormAlert>}
          {change.isSuccess && change.data.changed && (
            <FormAlert tone="success">
              {change.data.user.name} is now {change.data.user.role === "ADMIN" ? "an admin" : "a user"}.
            </FormAlert>
          )}
        </form>
      )}
    </>
  );
}
