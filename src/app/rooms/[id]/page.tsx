import type { Metadata } from "next";
import { RoomRefused, RoomView } from "@/components/rooms/room-view";
import { canAccessRoom } from "@/server/rooms/room-access";
import { requireUser } from "../../_lib/session";

export const metadata: Metadata = { title: "Room" };

export default async function RoomPage(props: { params: Promise<{ id: string }> }) {
  const { id } = await props.params;
  const user = await requireUser(`/rooms/${encodeURIComponent(id)}`);
  // Refused here already, so nothing of a private room reaches a non-member.
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id) || !(await canAccessRoom({ actor: user, roomId: id }))) return <RoomRefused />;
  return <RoomView roomId={id} viewer={{ id: user.id }} />;
}
