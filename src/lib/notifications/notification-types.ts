// The notification types a person can choose about, with the words the
// settings page shows. Shared by the server (what may be configured) and the
// settings form. "admin.message" (an admin writing to one person) is not
// here on purpose: it always reaches the inbox.
export const notificationTypes = [
  {
    type: "post.commented",
    label: "Comments on your posts",
    description: "Someone commented on a post you wrote.",
    canPush: true,
  },
  {
    type: "post.reply",
    label: "Replies in posts you follow",
    description: "Someone commented on a post you follow (you follow a post by commenting on it, or with its Follow button).",
    canPush: true,
  },
  {
    type: "mention",
    label: "Mentions",
    description: "Someone mentioned you (@you) in a post, a comment, a room or a document.",
    canPush: true,
  },
  {
    type: "room.message",
    label: "Room messages",
    description:
      "Someone wrote in a room while you were not in it. Which rooms notify you is set in each room (every message, only mentions, or nothing).",
    canPush: true,
  },
  {
    type: "conversation.message",
    label: "Direct messages",
    description: "Someone wrote to you in a conversation you do not have open.",
    canPush: true,
  },
  {
    type: "import.completed",
    label: "Finished imports",
    description: "A data import you started has finished.",
    canPush: true,
  },
  {
    type: "import.failed",
    label: "Failed imports",
    description: "A data import you started has failed.",
    canPush: true,
  },
  {
    type: "team.added",
    label: "Added to a team",
    description: "An admin added you to a team.",
    canPush: true,
  },
  {
    type: "room.invited",
    label: "Invitations to private rooms",
    description: "Someone invited you to a private room (accept or decline from the notification).",
    canPush: true,
  },
  {
    type: "document.invited",
    label: "Invitations to documents",
    description: "Someone shared a document with you (accept or decline from the notification).",
    canPush: true,
  },
  {
    // Announcements reach the inbox when it is next opened, and are pushed
    // by the worker to the devices of the people they reach.
    type: "broadcast",
    label: "Announcements",
    description:
      "Announcements from the admins to everyone, your role or your team. Urgent ones always reach your inbox and are pushed even in quiet hours.",
    canPush: true,
  },
] as const;

export type ConfigurableType = (typeof notificationTypes)[number]["type"];

export const configurableTypes = notificationTypes.map((t) => t.type) as [ConfigurableType, ...ConfigurableType[]];

/**
 * Every kind of notification the app creates: those a person chooses about,
 * and an admin's message to one person (always delivered). "system.test"
 * is the kind tests and benchmarks send. The compiler checks each kind
 * where a notification is made (NotifyInput) and where preferences list them.
 */
export type NotificationType = ConfigurableType | "admin.message" | "system.test";

/** Always delivered to the inbox, whatever the person chose. */
export const ALWAYS_IN_APP_TYPES: readonly NotificationType[] = ["admin.message"];

/** What a person picks per type; maps one to one onto (inApp, push). */
export const deliveryChoices = ["app-and-push", "app", "push", "off"] as const;
export type DeliveryChoice = (typeof deliveryChoices)[number];

export const deliveryChoiceLabels: Record<DeliveryChoice, string> = {
  "app-and-push": "In the app and as a push",
  app: "In the app only",
  push: "As a push only",
  off: "Off",
};

export function choiceOf(delivery: { inApp: boolean; push: boolean }): DeliveryChoice {
  if (delivery.inApp) return delivery.push ? "app-and-push" : "app";
  return delivery.push ? "push" : "off";
}

export function deliveryOf(choice: DeliveryChoice): { inApp: boolean; push: boolean } {
  return { inApp: choice === "app-and-push" || choice === "app", push: choice === "app-and-push" || choice === "push" };
}

/** The choices offered for a type (no push ones where pushes are never sent). */
export function choicesFor(type: ConfigurableType): readonly DeliveryChoice[] {
  const entry = notificationTypes.find((t) => t.type === type);
  return entry?.canPush ? deliveryChoices : (["app", "off"] as const);
}

/** Snooze at most this far ahead. */
export const MAX_SNOOZE_DAYS = 30;
