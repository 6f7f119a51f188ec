import type { Metadata } from "next";
import { RoomsList } from "@/components/rooms/rooms-list";
import { requireUser } from "../_lib/session";

export const metadata: Metadata = { title: "Rooms" };

export default async function RoomsPage() {
  const user = await requireUser("/rooms");
  return <RoomsList meId={user.id} />;
}
