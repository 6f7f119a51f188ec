"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useEffect, useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { errorMessage } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

type State = "checking" | "unsupported" | "denied" | "off" | "on";

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(base64url.length / 4) * 4, "=");
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/**
 * Push notifications on this device. The browser's permission prompt appears
 * only after the person clicks "Turn on", never on page load.
 */
export function PushToggle() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [state, setState] = useState<State>("checking");
  const [problem, setProblem] = useState<string | null>(null);
  const subscribe = useMutation(trpc.push.subscribe.mutationOptions());
  const unsubscribe = useMutation(trpc.push.unsubscribe.mutationOptions());
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
        if (!cancelled) setState("unsupported");
        return;
      }
      if (Notification.permission === "denied") {
        if (!cancelled) setState("denied");
        return;
      }
      const registration = await navigator.serviceWorker.getRegistration();
      const current = await registration?.pushManager.getSubscription();
      if (!cancelled) setState(current ? "on" : "off");
    })().catch(() => !cancelled && setState("unsupported"));
    return () => {
      cancelled = true;
    };
  }, []);

  async function turnOn() {
    setBusy(true);
    setProblem(null);
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        setState(permission === "denied" ? "denied" : "off");
        return;
      }
      const { publicKey } = await queryClient.fetchQuery(trpc.push.publicKey.queryOptions());
      const registration = await navigator.serviceWorker.ready;
      const register = async () => {
        const subscription = await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(publicKey),
        });
        const json = subscription.toJSON();
        await subscribe.mutateAsync({
          endpoint: subscription.endpoint,
          keys: { p256dh: json.keys?.p256dh ?? "", auth: json.keys?.auth ?? "" },
        });
      };
      try {
        await register();
      } catch (error) {
        // This browser's subscription is bound to the account that used it
        // before (a shared device): drop it and register a fresh one.
        if (!(error instanceof TRPCClientError && error.data?.code === "CONFLICT")) throw error;
        await (await registration.pushManager.getSubscription())?.unsubscribe();
        await register();
      }
      setState("on");
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  async function turnOff() {
    setBusy(true);
    setProblem(null);
    try {
      const registration = await navigator.serviceWorker.getRegistration();
      const subscription = await registration?.pushManager.getSubscription();
      if (subscription) {
        await unsubscribe.mutateAsync({ endpoint: subscription.endpoint });
        await subscription.unsubscribe();
      }
      setState("off");
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      {state === "checking" && <p aria-busy="true">Checking this browser…</p>}
      {state === "unsupported" && <p>This browser cannot receive push notifications.</p>}
      {state === "denied" && (
        <p>Notifications are blocked for this site. Allow them in the browser&apos;s site settings, then reload.</p>
      )}
      {state === "off" && (
        <>
          <p>Get a notification on this device when something arrives and Live Notify is not open.</p>
          <button type="button" className="button button-primary" onClick={() => void turnOn()} disabled={busy}>
            {busy ? "Turning on…" : "Turn on push notifications"}
          </button>
        </>
      )}
      {state === "on" && (
        <>
          <p role="status">Push notifications are on for this device.</p>
          <button type="button" className="button" onClick={() => void turnOff()} disabled={busy}>
            {busy ? "Turning off…" : "Turn off push notifications"}
          </button>
        </>
      )}
      {problem && <FormAlert tone="error">{problem}</FormAlert>}
    </div>
  );
}
