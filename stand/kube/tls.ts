/**
 * Throw-away self-signed certificate (EC P-256, CN/SAN 127.0.0.1 + localhost) built with node:crypto
 * alone. kubectl only sends credentials over https (kubernetes/kubectl#744), so the stand serves TLS;
 * clients skip verification (kubeconfig `insecure-skip-tls-verify: true`), the cert just has to parse.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';

const len = (n: number) =>
  n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
const der = (tag: number, ...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
};
const seq = (...parts: Buffer[]) => der(0x30, ...parts);
const int = (b: Buffer) => der(0x02, b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
const oid = (dotted: string) => {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
};
const name = (cn: string) => seq(der(0x31, seq(oid('2.5.4.3'), der(0x0c, Buffer.from(cn)))));
/** UTCTime YYMMDDHHMMSSZ (RFC 5280 wants it for dates before 2050). */
const time = (d: Date) =>
  der(
    0x17,
    Buffer.from(
      d
        .toISOString()
        .slice(2)
        .replace(/[-:T]/g, '')
        .replace(/\.\d{3}/, ''),
    ),
  );

export function selfSignedCert(cn = '127.0.0.1'): { key: string; cert: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ecdsaSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + 365 * 24 * 3600_000);
  const san = seq(
    oid('2.5.29.17'),
    der(0x04, seq(der(0x87, Buffer.from([127, 0, 0, 1])), der(0x82, Buffer.from('localhost')))),
  );
  const serial = randomBytes(8);
  serial[0] = (serial[0] & 0x3f) | 0x40; // positive and minimal: DER forbids a leading zero byte
  const tbs = seq(
    der(0xa0, int(Buffer.from([2]))), // v3
    int(serial),
    ecdsaSha256,
    name(cn),
    seq(time(notBefore), time(notAfter)),
    name(cn),
    publicKey.export({ type: 'spki', format: 'der' }),
    der(0xa3, seq(san)),
  );
  const signature = sign('sha256', tbs, privateKey);
  const cert = seq(tbs, ecdsaSha256, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const pem = cert
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n');
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    cert: `-----BEGIN CERTIFICATE-----\n${pem}\n-----END CERTIFICATE-----\n`,
  };
}
