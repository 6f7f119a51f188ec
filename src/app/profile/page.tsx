import type { Metadata } from "next";
import Link from "next/link";
import { ChangePasswordForm } from "@/components/accounts/change-password-form";
import { ProfileNameForm } from "@/components/accounts/profile-name-form";
import { SignOutEverywhere } from "@/components/accounts/sign-out-everywhere";
import { AvatarUpload } from "@/components/imports/avatar-upload";
import { AccessTokens } from "@/components/settings/access-tokens";
import { PushToggle } from "@/components/settings/push-toggle";
import { MyTeams } from "@/components/teams/my-teams";
import { formatDateTime } from "@/lib/format/relative-time";
import { api } from "@/trpc/server";
import { requireUser } from "../_lib/session";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  const user = await requireUser("/profile");
  const profile = await (await api()).account.me();
  return (
    <>
      <h1>Profile</h1>
      <dl className="facts">
        <dt>Email</dt>
        <dd>{profile.email}</dd>
        <dt>Role</dt>
        <dd>{profile.role === "ADMIN" ? "Admin" : "Member"}</dd>
        <dt>Member since</dt>
        <dd>{formatDateTime(profile.createdAt.toISOString())}</dd>
      </dl>
      <div className="stack">
        <section className="card" aria-labelledby="name-heading">
          <h2 id="name-heading">Your name</h2>
          <ProfileNameForm name={profile.name} />
        </section>
        <section className="card" aria-labelledby="teams-heading">
          <h2 id="teams-heading">Your teams</h2>
          <MyTeams viewerId={user.id} />
        </section>
        <section className="card" aria-labelledby="avatar-heading">
          <h2 id="avatar-heading">Avatar</h2>
          <AvatarUpload />
        </section>
        <section className="card" aria-labelledby="password-heading">
          <h2 id="password-heading">Change password</h2>
          <ChangePasswordForm />
        </section>
        <section className="card" aria-labelledby="sessions-heading">
          <h2 id="sessions-heading">Sessions</h2>
          <SignOutEverywhere />
        </section>
        <section className="card" aria-labelledby="notification-settings-heading">
          <h2 id="notification-settings-heading">Notifications</h2>
          <p>
            Choose what you get and how, set quiet hours, and see what you muted:{" "}
            <Link href="/settings/notifications">notification settings</Link>.
          </p>
        </section>
        <section className="card" aria-labelledby="push-heading">
          <h2 id="push-heading">Push notifications</h2>
          <PushToggle />
        </section>
        <section className="card" aria-labelledby="tokens-heading">
          <h2 id="tokens-heading">Access tokens</h2>
          <p>Tokens let scripts and apps use the REST API (<a href="/api/docs">reference</a>) as you.</p>
          <AccessTokens isAdmin={profile.role === "ADMIN"} />
        </section>
      </div>
    </>
  );
}
