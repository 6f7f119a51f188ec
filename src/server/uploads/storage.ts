// Where uploaded bytes live. Local disk by default (UPLOAD_DIR); the
// interface is what an object store would implement (tus has S3/GCS/Azure
// data stores with the same DataStore contract). Keys are server-made ids,
// never file names, so nothing a person sends becomes part of a path.
import "server-only";
import { createReadStream } from "node:fs";
import { mkdir, open, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import type { DataStore } from "@tus/server";
import { FileStore } from "@tus/file-store";
import { env } from "../env";

export interface UploadStorage {
  /** The tus data store that receives uploads into this storage. */
  readonly tusStore: DataStore;
  read(key: string): Readable;
  /** The first `bytes` bytes (content sniffing). */
  head(key: string, bytes: number): Promise<Buffer>;
  readAll(key: string): Promise<Buffer>;
  write(key: string, data: Buffer): Promise<void>;
  size(key: string): Promise<number | null>;
  /** Removes a key and whatever the store keeps beside it; missing keys are fine. */
  remove(key: string): Promise<void>;
  /** The ids of every upload tus holds, finished or not. */
  uploadIds(): Promise<string[]>;
  /** When tus created an upload (what it judges expiry by); null when it holds no such upload any more. */
  uploadCreatedAt(id: string): Promise<Date | null>;
}

const KEY = /^[A-Za-z0-9_-]{1,80}(\.[a-z0-9]{1,10})?$/;

function checkedKey(key: string): string {
  // Defence in depth: keys are ours, but a path must never come from outside.
  if (!KEY.test(key)) throw new Error(`Invalid storage key: ${key}`);
  return key;
}

export class LocalDiskStorage implements UploadStorage {
  readonly tusStore: FileStore;

  /**
   * `expiryMs`: how long after its creation an unfinished upload expires; tus
   * then answers 410 Gone to it and says when in `Upload-Expires`. Deleting
   * expired ones is the cleanup job's (expire-uploads.ts), not tus'.
   */
  constructor(
    private readonly directory: string,
    expiryMs = 0,
  ) {
    this.tusStore = new FileStore({ directory, expirationPeriodInMilliseconds: expiryMs });
  }

  private file(key: string) {
    return path.join(this.directory, checkedKey(key));
  }

  read(key: string): Readable {
    return createReadStream(this.file(key));
  }

  async head(key: string, bytes: number): Promise<Buffer> {
    const handle = await open(this.file(key), "r");
    try {
      const buffer = Buffer.alloc(bytes);
      const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  readAll(key: string): Promise<Buffer> {
    return readFile(this.file(key));
  }

  async write(key: string, data: Buffer): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    await writeFile(this.file(key), data);
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await stat(this.file(key))).size;
    } catch {
      return null;
    }
  }

  async remove(key: string): Promise<void> {
    // The tus file store keeps `<id>.json` beside the bytes.
    await rm(this.file(key), { force: true });
    await rm(`${this.file(key)}.json`, { force: true });
  }

  async uploadIds(): Promise<string[]> {
    // tus keeps `<id>.json` beside each upload's bytes, finished or not.
    const names = await readdir(this.directory).catch(() => []);
    return names.filter((n) => n.endsWith(".json")).map((n) => n.slice(0, -".json".length)).filter((id) => KEY.test(id));
  }

  async uploadCreatedAt(id: string): Promise<Date | null> {
    const info = await this.tusStore.configstore.get(checkedKey(id));
    const created = info?.creation_date ? new Date(info.creation_date) : null;
    if (created && !Number.isNaN(created.getTime())) return created;
    // A record that cannot be read (being written this instant, or damaged)
    // is as old as its file: never mistaken for an old one, never kept forever.
    try {
      return (await stat(`${this.file(id)}.json`)).mtime;
    } catch {
      return null;
    }
  }
}

const store = globalThis as unknown as { __uploadStorage?: UploadStorage };

/** The process's storage (UPLOAD_DIR/files). */
export function uploadStorage(): UploadStorage {
  store.__uploadStorage ??= new LocalDiskStorage(
    path.resolve(env().UPLOAD_DIR, "files"),
    env().UPLOAD_EXPIRY_HOURS * 3600_000,
  );
  return store.__uploadStorage;
}
