// Where uploaded files live: a folder behind a small interface, so that an S3-compatible store
// can replace it (ARCHITECTURE decision 7). Keys are `<organization id>/<name>`.
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { getEnv } from "~/utils/env.server";

export interface FileStorage {
  put(key: string, data: Buffer): Promise<void>;
  read(key: string): Promise<{ stream: NodeJS.ReadableStream; size: number } | null>;
  remove(key: string): Promise<void>;
}

const KEY = /^\d+\/[a-z0-9][a-z0-9_.-]*$/;

export function isStorageKey(key: string): boolean {
  return KEY.test(key) && !key.includes("..");
}

export class LocalStorage implements FileStorage {
  constructor(private readonly root: string) {}

  private file(key: string) {
    if (!isStorageKey(key)) throw new Error(`bad storage key ${key}`);
    return path.join(this.root, key);
  }

  async put(key: string, data: Buffer) {
    const file = this.file(key);
    await fsp.mkdir(path.dirname(file), { recursive: true });
    // Write then rename: a reader never sees half a file.
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await fsp.writeFile(tmp, data);
    await fsp.rename(tmp, file);
  }

  async read(key: string) {
    if (!isStorageKey(key)) return null;
    const file = this.file(key);
    try {
      const stat = await fsp.stat(file);
      return { stream: fs.createReadStream(file), size: stat.size };
    } catch {
      return null;
    }
  }

  async remove(key: string) {
    await fsp.rm(this.file(key), { force: true });
  }
}

let storage: FileStorage | undefined;
export function getStorage(): FileStorage {
  if (!storage) {
    const env = getEnv();
    storage = new LocalStorage(path.resolve(env.STORAGE_DIR ?? path.join(env.DATA_DIR, "storage")));
  }
  return storage;
}

export function setStorageForTests(s: FileStorage | undefined) {
  storage = s;
}
