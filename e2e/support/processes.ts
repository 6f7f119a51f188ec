// Finds the processes the journeys' start command runs, from Linux's /proc
// (the machines that run the journeys are Linux): the one listening on a
// port, and its parent (the start command, which supervises it).
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** The socket inode listening on `port` (IPv4 or IPv6), from /proc/net/tcp*. */
function listeningInode(port: number): string | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      const fields = line.trim().split(/\s+/);
      const [, local, , state, , , , , , inode] = fields;
      if (state === "0A" && local?.endsWith(`:${hexPort}`)) return inode;
    }
  }
  return undefined;
}

/** The pid of the process listening on `port`; throws when there is none. */
export function pidListeningOn(port: number): number {
  const inode = listeningInode(port);
  if (!inode) throw new Error(`Nothing listens on port ${port}.`);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // gone meanwhile, or not ours
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${entry}/fd/${fd}`) === `socket:[${inode}]`) return Number(entry);
      } catch {
        // closed meanwhile
      }
    }
  }
  throw new Error(`No process holds the socket listening on port ${port}.`);
}

/** The parent of `pid` (field 4 of /proc/<pid>/stat, after the parenthesised name). */
export function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}
