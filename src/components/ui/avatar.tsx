"use client";
// A person's avatar: their image's thumbnail, or their initials when they
// have none (or it cannot be loaded). Decorative beside the name it goes with.
import { useState } from "react";
import { initialsOf } from "@/lib/format/initials";
import "./avatar.css";

export function Avatar(props: { name: string; url?: string | null; size?: number; className?: string }) {
  const size = props.size ?? 32;
  const [failed, setFailed] = useState<string | null>(null);
  const url = props.url && props.url !== failed ? props.url : null;
  const className = `person-avatar ${props.className ?? ""}`.trim();
  const style = { width: size, height: size, fontSize: Math.round(size * 0.4) };
  if (url) {
    return (
      // eslint-disable-next-line @next/next/no-img-element -- a signed-in thumbnail route, not a static asset
      <img
        src={url}
        alt=""
        aria-hidden="true"
        width={size}
        height={size}
        className={`${className} avatar-image`}
        style={style}
        data-testid="avatar-image"
        onError={() => setFailed(url)}
      />
    );
  }
  return (
    <span className={`${className} avatar-initials`} style={style} aria-hidden="true" data-testid="avatar-initials">
      {initialsOf(props.name)}
    </span>
  );
}
