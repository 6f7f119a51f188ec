// A notification's link: inside the app it navigates client-side; a full
// URL opens in a new tab, since it leaves the app.
import Link from "next/link";
import type { ReactNode } from "react";

export function NotificationLink(props: { href: string; className?: string; children: ReactNode; onClick?: () => void }) {
  if (props.href.startsWith("/")) {
    return (
      <Link href={props.href} className={props.className} onClick={props.onClick}>
        {props.children}
      </Link>
    );
  }
  return (
    <a href={props.href} className={props.className} onClick={props.onClick} target="_blank" rel="noopener noreferrer">
      {props.children}
      <span className="visually-hidden"> (opens in a new tab)</span>
    </a>
  );
}
