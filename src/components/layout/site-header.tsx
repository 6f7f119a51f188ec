import Link from "next/link";
import { MessagesBadge } from "@/components/conversations/messages-badge";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { ConnectionStatus } from "@/components/realtime/connection-status";
import type { SessionUser } from "@/server/auth";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";
import "./site-header.css";

export const APP_NAME = "Live Notify";

export function SiteHeader({ user }: { user: SessionUser | null }) {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link href="/" className="brand">
          {APP_NAME}
        </Link>
        {user && <NavLinks isAdmin={user.role === "ADMIN"} />}
        {user && <ConnectionStatus />}
        <div className="header-actions">
          {user ? (
            <>
              <MessagesBadge userId={user.id} />
              <NotificationBell />
              <span className="header-user" title={user.email}>
                {user.name}
              </span>
              <SignOutButton />
            </>
          ) : (
            <>
              <Link href="/sign-in" className="button button-quiet">
                Sign in
              </Link>
              <Link href="/sign-up" className="button button-primary">
                Sign up
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
