// Client secrets of the identity providers, encrypted at rest with AES-256-GCM under the key of
// OIDC_SECRET_KEY: a database dump alone does not give them away. Stored as iv || tag || ciphertext.
import crypto from "node:crypto";
import { getEnv } from "~/utils/env.server";

/** The key is missing, or is not the one that sealed the secret: the provider cannot be used. */
export class MissingSecretKeyError extends Error {
  constructor(message = "OIDC_SECRET_KEY is not set: identity providers' secrets cannot be encrypted or read") {
    super(message);
  }
}

/** The 32-byte key from its hex or base64 text, or null when the variable is not set. */
export function secretKey(raw: string | undefined = getEnv().OIDC_SECRET_KEY): Buffer | null {
  if (!raw) return null;
  return /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, "hex") : Buffer.from(raw, "base64");
}

export function encryptSecret(plain: string, key: Buffer | null = secretKey()): Buffer {
  if (!key) throw new MissingSecretKeyError();
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Throws when the key is missing or is not the one that encrypted it (the tag does not verify). */
export function decryptSecret(sealed: Uint8Array, key: Buffer | null = secretKey()): string {
  if (!key) throw new MissingSecretKeyError();
  const bytes = Buffer.from(sealed);
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw new MissingSecretKeyError("a provider's secret does not open with OIDC_SECRET_KEY (was the key changed?)");
  }
}
