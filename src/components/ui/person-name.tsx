// A person's name wherever it appears, with a small "Message" link that
// starts (or opens) a direct conversation with them. Not on one's own name.
import Link from "next/link";
import "./person-name.css";

export function PersonName(props: { person: { id: string; name: string }; meId?: string }) {
  const { person } = props;
  return (
    <span className="person-name">
      {person.name}
      {props.meId !== person.id && (
        <Link
          href={`/messages/new?to=${encodeURIComponent(person.id)}`}
          className="person-message-link"
          aria-label={`Message ${person.name}`}
          data-testid="message-person"
        >
          Message
        </Link>
      )}
    </span>
  );
}
