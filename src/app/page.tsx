import Link from "next/link";
import { Dashboard } from "@/components/dashboard/dashboard";
import { currentUser } from "./_lib/session";

export default async function HomePage() {
  const user = await currentUser();
  if (!user) {
    return (
      <section className="welcome">
        <h1>Know the moment something happens</h1>
        <p className="lead">
          Live Notify delivers notifications to every open tab and device the instant they are sent, and
          catches you up on anything you missed while offline.
        </p>
        <p className="actions">
          <Link href="/sign-in" className="button button-primary">
            Sign in
          </Link>
          <Link href="/sign-up" className="button">
            Create an account
          </Link>
        </p>
      </section>
    );
  }
  return (
    <>
      <h1>Hello, {user.name}</h1>
      <Dashboard userId={user.id} />
    </>
  );
}
