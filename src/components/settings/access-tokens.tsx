"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { LoadError } from "@/components/ui/load-error";
import { accessTokenScopes, scopeLabels, type AccessTokenScope } from "@/lib/access-tokens/scopes";
import { formatDateTime } from "@/lib/format/relative-time";
import { createAccessTokenInput } from "@/lib/validation/access-tokens";
import { errorMessage } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import "./access-tokens.css";

const expiryChoices = [
  { value: "", label: "Never (until revoked)" },
  { value: "7", label: "In 7 days" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In a year" },
];

/** Personal access tokens: make one (shown once), see the others, revoke them. */
export function AccessTokens(props: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const formId = useId();
  const tokens = useQuery(trpc.accessTokens.list.queryOptions());
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<AccessTokenScope[]>(["notifications:read"]);
  const [expires, setExpires] = useState("90");
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.accessTokens.list.queryKey() });
  const create = useMutation(trpc.accessTokens.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.accessTokens.revoke.mutationOptions({ onSuccess: refresh }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = createAccessTokenInput.safeParse({
      name,
      scopes,
      expiresInDays: expires ? Number(expires) : null,
    });
    if (!parsed.success) {
      setProblem(parsed.error.issues.map((i) => i.message).join(". "));
      return;
    }
    setProblem(null);
    create.mutate(parsed.data, { onSuccess: () => setName("") });
  }

  const choosable = accessTokenScopes.filter((s) => s !== "admin" || props.isAdmin);

  return (
    <div className="stack">
      <form method="post" className="form" onSubmit={submit} noValidate aria-label="New access token">
        <label className="field">
          <span className="field-label">What the token is for</span>
          <input
            className="input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={80}
            placeholder="e.g. Phone script"
            required
          />
        </label>
        <fieldset className="field">
          <legend className="field-label">Scopes</legend>
          {choosable.map((scope) => (
            <label key={scope} className="checkbox">
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(e) =>
                  setScopes((current) => (e.target.checked ? [...current, scope] : current.filter((s) => s !== scope)))
                }
              />{" "}
              {scopeLabels[scope]} <code>{scope}</code>
            </label>
          ))}
        </fieldset>
        <label className="field" htmlFor={`${formId}-expires`}>
          <span className="field-label">Expires</span>
          <select id={`${formId}-expires`} className="input" value={expires} onChange={(e) => setExpires(e.target.value)}>
            {expiryChoices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        {problem && <FormAlert tone="error">{problem}</FormAlert>}
        {create.isError && <FormAlert tone="error">{errorMessage(create.error)}</FormAlert>}
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create token"}
        </button>
      </form>

      {create.isSuccess && (
        <div className="card" role="status">
          <p>
            <strong>Copy your new token now.</strong> It is shown only once.
          </p>
          <input
            className="input"
            readOnly
            aria-label="New access token"
            value={create.data.token}
            onFocus={(e) => e.target.select()}
          />
        </div>
      )}

      {tokens.isPending ? (
        <p aria-busy="true">Loading tokens…</p>
      ) : tokens.isError ? (
        <LoadError what="Your tokens" error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <p>You have no access tokens yet.</p>
      ) : (
        <ul className="token-list" aria-label="Your access tokens">
          {tokens.data.map((t) => {
            const expired = t.expiresAt && new Date(t.expiresAt) <= new Date();
            return (
              <li key={t.id} className="token-item">
                <div>
                  <strong>{t.name}</strong> <code>{t.prefix}…</code>
                  <div className="muted">
                    {t.scopes.join(", ")} · made {formatDateTime(t.createdAt.toISOString())}
                    {t.expiresAt ? ` · expires ${formatDateTime(t.expiresAt.toISOString())}` : " · no expiry"}
                    {t.lastUsedAt ? ` · last used ${formatDateTime(t.lastUsedAt.toISOString())}` : " · never used"}
                  </div>
                </div>
                {t.revokedAt ? (
                  <span className="muted">Revoked</span>
                ) : expired ? (
                  <span className="muted">Expired</span>
                ) : (
                  <button
                    type="button"
                    className="button"
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate({ id: t.id })}
                    aria-label={`Revoke ${t.name}`}
                  >
                    Revoke
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {revoke.isError && <FormAlert tone="error">{errorMessage(revoke.error)}</FormAlert>}
    </div>
  );
}
