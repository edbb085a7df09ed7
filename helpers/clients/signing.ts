import { createHmac } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';

/** The ways a delivery can be signed, good and bad (W2's matrix). */
export type SignatureKind =
  'valid' | 'valid-uppercase' | 'missing' | 'invalid' | 'sha1' | 'wrong-secret' | 'tampered' | 'reserialised';

export async function signatureFor(kind: SignatureKind, secret: string, body: string): Promise<string | undefined> {
  switch (kind) {
    case 'valid':
      return sign(secret, body);
    case 'valid-uppercase':
      return (await sign(secret, body)).replace(/^sha256=(.*)$/, (_m, hex: string) => `sha256=${hex.toUpperCase()}`);
    case 'missing':
      return undefined;
    case 'invalid':
      return 'sha256=deadbeef';
    // GitHub's legacy header form, carried in the sha256 header: must be refused.
    case 'sha1':
      return `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;
    case 'wrong-secret':
      return sign(`${secret}-not-the-secret`, body);
    // Signed for one body, sent with another (the caller changes the body after signing).
    case 'tampered':
      return sign(secret, `${body} `);
    // Signed over a re-serialised copy of the JSON (what a proxy that re-encodes bodies would send).
    case 'reserialised':
      return sign(secret, JSON.stringify(JSON.parse(body), null, 2));
  }
}
