"use client";
import type { ReactNode } from "react";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import { ToastProvider } from "@/components/ui/toast-provider";
import type { PublicRealtimeConfig } from "@/server/realtime/pusher";
import { TRPCReactProvider } from "@/trpc/react";

/** Everything client components share: tRPC + React Query, the live connection, toasts. */
export function Providers(props: {
  realtimeConfig: PublicRealtimeConfig | null;
  signedIn: boolean;
  children: ReactNode;
}) {
  return (
    <TRPCReactProvider>
      <RealtimeProvider config={props.realtimeConfig} signedIn={props.signedIn}>
        <ToastProvider>{props.children}</ToastProvider>
      </RealtimeProvider>
    </TRPCReactProvider>
  );
}
