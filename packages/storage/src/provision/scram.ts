/**
 * Password verifiers computed here, so neither `--print` output nor the server's statement log ever holds a
 * plaintext password:
 *  - PostgreSQL: a SCRAM-SHA-256 verifier (RFC 5802/7677), which ALTER ROLE … PASSWORD accepts as is;
 *  - Redis: the SHA-256 hex digest an ACL `#<hash>` rule takes.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";

/** SASLprep leaves printable ASCII unchanged; anything else would need a full SASLprep implementation. */
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

export function checkPassword(password: string, what: string): void {
  if (password.length < 16 || !PRINTABLE_ASCII.test(password)) {
    throw new RangeError(`${what} must be at least 16 printable ASCII characters without spaces`);
  }
}

export function scramSha256Verifier(password: string, salt: Buffer = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

export const redisPasswordHash = (password: string): string => createHash("sha256").update(password).digest("hex");
