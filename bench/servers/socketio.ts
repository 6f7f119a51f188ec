// The references built the usual Node way, in one process (pinned like the app):
//   (b) a plain Socket.IO server: POST /emit {room, title, bytes} emits to the room;
//   (c) the naive notification path: POST /naive {room, recipient, title, bytes}
//       inserts the row with `pg`, then emits it, with no outbox (a crash
//       between the two loses the event; that is what the outbox pays for);
//   (d) the same insert, then the event published through Soketi's HTTP API
//       instead of emitted, with the app's own request (AppPusher, on a
//       kept-alive agent): POST /naive-soketi {channel, recipient, title,
//       bytes}. The least any app that persists and then broadcasts through
//       Soketi does: ours/(d) is the price of the app's guarantees and logic,
//       (d)/(c) that of the second hop.
// Both pad what they emit to `bytes` of JSON (the size of the app's event,
// bench/payload.ts); (c) stores the padded body in its row, as the app stores
// its notification.
// Clients join their rooms with the `room` query parameter (comma-separated).
import http from "node:http";
import pg from "pg";
import { AppPusher } from "@/server/realtime/pusher";
import { Server } from "socket.io";
import { padded } from "../payload";

const pool = new pg.Pool({ connectionString: process.env.BENCH_DATABASE_URL, max: 10 });
// Ids of 6 digits, like the placeholder that sizes the padding below.
await pool.query(`CREATE TABLE IF NOT EXISTS bench_naive_notification (
  id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100000) PRIMARY KEY, recipient text NOT NULL, title text NOT NULL, body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now())`);

const soketi = new AppPusher({
  appId: process.env.BENCH_SOKETI_APP_ID!,
  key: process.env.BENCH_SOKETI_KEY!,
  secret: process.env.BENCH_SOKETI_SECRET!,
  host: "127.0.0.1",
  port: process.env.BENCH_SOKETI_PORT!,
  useTLS: false,
  agent: new http.Agent({ keepAlive: true, maxSockets: 8 }),
});

type Input = { room: string; channel: string; recipient: string; title: string; bytes: number };

/** (c)'s and (d)'s insert: the row with its padded body; the event as it is sent. */
async function insertNaive(input: Input) {
  // Sized with placeholders as long as the real id and date.
  const filler = padded({ id: "000000", title: input.title, createdAt: new Date() }, input.bytes).body;
  const { rows } = await pool.query<{ id: string; created_at: Date }>(
    "INSERT INTO bench_naive_notification (recipient, title, body) VALUES ($1, $2, $3) RETURNING id, created_at",
    [input.recipient, input.title, filler],
  );
  return { id: rows[0]!.id, title: input.title, body: filler, createdAt: rows[0]!.created_at };
}

async function body(req: http.IncomingMessage): Promise<Input> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return JSON.parse(text || "{}") as Input;
}

const server = http.createServer(async (req, res) => {
  try {
    if (req.url === "/emit") {
      const input = await body(req);
      io.to(input.room).emit("n", padded({ title: input.title }, input.bytes));
    } else if (req.url === "/naive") {
      const input = await body(req);
      io.to(input.room).emit("n", await insertNaive(input));
    } else if (req.url === "/naive-soketi") {
      const input = await body(req);
      const event = await insertNaive(input);
      await soketi.publishBatch([{ channel: input.channel, name: "notification.created", data: JSON.stringify(event) }]);
    } else if (req.url === "/stats") {
      (globalThis as { gc?: () => void }).gc?.();
      res.end(JSON.stringify({ rss: process.memoryUsage().rss }));
      return;
    } else if (req.url?.startsWith("/socket.io")) {
      return; // Socket.IO's own handler answers
    }
    res.end("{}");
  } catch (error) {
    res.writeHead(500).end(String(error));
  }
});
const io = new Server(server, { transports: ["websocket"], serveClient: false });
io.on("connection", (socket) => {
  const rooms = socket.handshake.query.room;
  if (typeof rooms === "string") void socket.join(rooms.split(","));
});
server.listen(Number(process.env.BENCH_PORT), "127.0.0.1", () => process.stdout.write("ready\n"));
