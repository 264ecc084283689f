// Random tokens and their hashes, shared by sessions and e-mailed links.
import crypto from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A random string of `length` characters from [a-z0-9], about 5.2 bits each. */
export function randomToken(length: number): string {
  const bytes = crypto.randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! % 36];
  return out;
}

export function sha256(value: string): Buffer {
  return crypto.createHash("sha256").update(value).digest();
}

export function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** `<id>.<secret>`: the id finds the row, the secret's SHA-256 is compared in constant time. */
export function newSplitToken(): { id: string; secret: string; token: string; secretHash: Buffer } {
  const id = randomToken(20);
  const secret = randomToken(32);
  return { id, secret, token: `${id}.${secret}`, secretHash: sha256(secret) };
}

export function parseSplitToken(token: string | null | undefined): { id: string; secret: string } | null {
  if (!token) return null;
  const match = /^([a-z0-9]{20})\.([a-z0-9]{32})$/.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}
