import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Repository tokens as kodex stores them (libs/go/crypto/tokencrypt/tokencrypt.go): AES-256-GCM with a
 * 32-byte key given as 64 hex characters, a random nonce of the AEAD's NonceSize() (12 for Go's
 * cipher.NewGCM), no additional data, stored as nonce ‖ Seal(…), where Seal appends the 16-byte tag.
 */
export const TOKEN_FORMAT = { nonceBytes: 12, tagBytes: 16 } as const;

export function encryptToken(plain: string, keyHex: string): Buffer {
  const nonce = randomBytes(TOKEN_FORMAT.nonceBytes);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keyHex, 'hex'), nonce);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** Opens a sealed token; throws when the key is wrong or the bytes are not kodex's format (the tag fails). */
export function decryptToken(sealed: Buffer, keyHex: string): string {
  const { nonceBytes, tagBytes } = TOKEN_FORMAT;
  if (sealed.length <= nonceBytes + tagBytes) throw new Error(`sealed token too short (${sealed.length} bytes)`);
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(keyHex, 'hex'), sealed.subarray(0, nonceBytes));
  decipher.setAuthTag(sealed.subarray(sealed.length - tagBytes));
  return Buffer.concat([
    decipher.update(sealed.subarray(nonceBytes, sealed.length - tagBytes)),
    decipher.final(),
  ]).toString('utf8');
}
