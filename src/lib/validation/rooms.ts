// Rooms' rules: the browser validates with these as people type, the server
// again on every call.
import { z } from "zod";

const ROOM_NAME_MAX = 80;
export const MESSAGE_BODY_MAX = 2_000;
const AGENDA_TITLE_MAX = 200;
const AGENDA_URL_MAX = 500;
/** A room's agenda is read and reordered whole under one lock: keep it small. */
export const AGENDA_ITEMS_MAX = 200;
export const MESSAGES_PAGE_MAX = 100;

const id = z.string().min(1).max(64);

const roomVisibilities = ["PUBLIC", "PRIVATE"] as const;

export const createRoomInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the room a name")
    .max(ROOM_NAME_MAX, `Keep the name under ${ROOM_NAME_MAX} characters`),
  visibility: z.enum(roomVisibilities, { error: "Choose who can join" }).default("PUBLIC"),
});

export const roomIdInput = z.object({ roomId: id });

export const messageBody = z
  .string()
  .trim()
  .min(1, "Write something first")
  .max(MESSAGE_BODY_MAX, `Keep messages under ${MESSAGE_BODY_MAX.toLocaleString("en")} characters`);

export const sendMessageInput = z.object({ roomId: id, body: messageBody });
export const editMessageInput = z.object({ id, body: messageBody });
export const messageIdInput = z.object({ id });

export const olderMessagesInput = z.object({
  roomId: id,
  /** The oldest message the reader has. */
  cursor: id,
  limit: z.number().int().min(1).max(MESSAGES_PAGE_MAX).default(30),
});

export const memberInput = z.object({
  roomId: id,
  email: z.string().trim().toLowerCase().pipe(z.email("Enter the person's email address")),
});
export const removeMemberInput = z.object({ roomId: id, userId: id });

// Links are shown as <a href>: only http(s), never javascript: or data:.
const agendaUrl = z
  .string()
  .trim()
  .max(AGENDA_URL_MAX, `Keep links under ${AGENDA_URL_MAX} characters`)
  .refine((v) => v === "" || /^https?:\/\/[^\s]+$/i.test(v), "Links start with http:// or https://")
  .transform((v) => (v === "" ? null : v));

const agendaFields = z.object({
  title: z
    .string()
    .trim()
    .min(1, "Give the item a title")
    .max(AGENDA_TITLE_MAX, `Keep titles under ${AGENDA_TITLE_MAX} characters`),
  url: agendaUrl.default(""),
});

export const addAgendaItemInput = agendaFields.extend({ roomId: id });
export const updateAgendaItemInput = agendaFields.extend({ id });
export const agendaItemIdInput = z.object({ id });
export const moveAgendaItemInput = z.object({ id, toIndex: z.number().int().min(0).max(AGENDA_ITEMS_MAX) });
