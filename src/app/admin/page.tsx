import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { AnnouncementForm } from "@/components/admin/announcement-form";
import { AuditLog } from "@/components/admin/audit-log";
import { DeadLetters } from "@/components/admin/dead-letters";
import { FailedImports } from "@/components/admin/failed-imports";
import { MaintenanceForm } from "@/components/admin/maintenance-form";
import { PeopleRoles } from "@/components/admin/people-roles";
import { SentAnnouncements } from "@/components/admin/sent-announcements";
import { SendNotificationForm } from "@/components/admin/send-notification-form";
import { TeamsAdmin } from "@/components/admin/teams-admin";
import { UpcomingMaintenance } from "@/components/admin/upcoming-maintenance";
import { requireUser } from "../_lib/session";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const user = await requireUser("/admin");
  if (user.role !== "ADMIN") forbidden();
  return (
    <>
      <h1>Admin</h1>
      <section className="card" aria-labelledby="send-heading">
        <h2 id="send-heading">Send a notification</h2>
        <p className="muted">It reaches the person at once in every tab they have open.</p>
        <SendNotificationForm />
      </section>
      <section className="card" aria-labelledby="announcement-heading">
        <h2 id="announcement-heading">Announcement</h2>
        <p className="muted">To everyone, a role, a team or chosen people: see whom it reaches before you send it.</p>
        <AnnouncementForm senderName={user.name} />
        <h3 className="section-subheading">Sent</h3>
        <SentAnnouncements />
      </section>
      <section className="card" aria-labelledby="roles-heading">
        <h2 id="roles-heading">People and roles</h2>
        <p className="muted">
          Admins can do everything on this page. A person made a user loses it at once, in every open tab; the last
          admin cannot be made a user.
        </p>
        <PeopleRoles />
      </section>
      <section className="card" aria-labelledby="teams-heading">
        <h2 id="teams-heading">Teams</h2>
        <p className="muted">Members hear their team&apos;s announcements and changes; only they can read its channel.</p>
        <TeamsAdmin />
      </section>
      <section className="card" aria-labelledby="maintenance-heading">
        <h2 id="maintenance-heading">Maintenance</h2>
        <p className="muted">
          A message every open page shows, signed in or not, from its start until its end.
        </p>
        <MaintenanceForm />
        <h3>Scheduled</h3>
        <UpcomingMaintenance />
      </section>
      <section className="card" aria-labelledby="dead-letters-heading">
        <h2 id="dead-letters-heading">Dead letters</h2>
        <p className="muted">
          Events the realtime server kept refusing (too big for its limit, say). They were set aside so that everything
          after them still went out; mark one resolved once dealt with, or send it again after fixing the cause.
        </p>
        <DeadLetters />
      </section>
      <section className="card" aria-labelledby="failed-imports-heading">
        <h2 id="failed-imports-heading">Failed imports</h2>
        <p className="muted">The newest import runs that failed, whoever started them; one that fails while this page is open is announced here at once.</p>
        <FailedImports />
      </section>
      <section className="card" aria-labelledby="audit-heading">
        <h2 id="audit-heading">Audit log</h2>
        <AuditLog />
      </section>
    </>
  );
}
