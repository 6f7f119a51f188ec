// Text with its @mentions (`@[Name](id)` tokens) shown as highlighted names.
// Everything is rendered as text nodes (React escapes it): a token only ever
// becomes a styled span, never markup.
import { splitMentions } from "@/lib/mentions/mention-tokens";
import "./mentions.css";

export function MentionText({ text }: { text: string }) {
  if (!text.includes("@[")) return <>{text}</>;
  return (
    <>
      {splitMentions(text).map((part, i) =>
        part.kind === "text" ? (
          part.text
        ) : (
          <span key={i} className="mention" data-user-id={part.userId} data-testid="mention">
            @{part.name}
          </span>
        ),
      )}
    </>
  );
}
