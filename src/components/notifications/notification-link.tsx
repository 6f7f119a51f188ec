// A notification's link: inside the app it navigates client-side; a full
// URL opens in a new tab, since it leaves the app. Anything else (a row
// written before links were checked as the browser reads them) is shown
// without a link rather than followed somewhere unexpected.
import Link from "next/link";
import type { ReactNode } from "react";
import { linkTarget } from "@/lib/navigation/safe-next-path";

export function NotificationLink(props: { href: string; className?: string; children: ReactNode; onClick?: () => void }) {
  const target = linkTarget(props.href);
  if (!target) return null;
  if (target.kind === "app") {
    return (
      <Link href={target.href} className={props.className} onClick={props.onClick}>
        {props.children}
      </Link>
    );
  }
  return (
    <a href={target.href} className={props.className} onClick={props.onClick} target="_blank" rel="noopener noreferrer">
      {props.children}
      <span className="visually-hidden"> (opens in a new tab)</span>
    </a>
  );
}
