// The server's view of channels.ts: the names plus the rules that need the
// database (room membership, document access, team membership), which register themselves
// when their modules load. Server code that decides who may read a channel
// (the channel-auth route, catch-up) imports `canSubscribe` from here, so
// those rules are always in place; client components keep importing
// channels.ts for names only.
import "../rooms/room-access";
import "../documents/access";
import "../workflows/channel-owners";
import "../teams/team-access";
import "../conversations/conversation-access";

export { canSubscribe } from "./channels";
