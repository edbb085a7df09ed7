import { SignJWT } from 'jose';
import { STAFF_AUTH } from '../contract/kodex.js';
import { registerRuntimeSecret } from './secrets.js';
import type { GateConfig } from './config.js';
import type { GateDb } from './db.js';

/** A staff identity; `via: 'header'` forces the oauth2-proxy header path (allowlist checks). */
export interface Identity { email: string; login?: string; via?: 'header' }

/** How a staff identity reaches the gateway: oauth2-proxy headers, or a minted kodex_staff_jwt cookie. */
export async function authFor(cfg: GateConfig, db: GateDb, who: Identity): Promise<{ headers: Record<string, string>; cookie?: { name: string; value: string } }> {
  if (cfg.GATE_STAFF_AUTH === 'header' || who.via === 'header') {
    return { headers: { [STAFF_AUTH.emailHeader]: who.email, ...(who.login ? { [STAFF_AUTH.userHeader]: who.login } : {}) } };
  }
  const user = await db.userByEmail(who.email);
  if (!user) throw new Error(`cannot mint a staff JWT for ${who.email}: no such user`);
  const token = await new SignJWT({ email: who.email, github_login: who.login ?? '', is_admin: user.is_platform_admin, is_owner: user.is_platform_owner })
    .setProtectedHeader({ alg: 'HS256' }).setIssuer(STAFF_AUTH.jwtIssuer).setSubject(user.id).setIssuedAt().setExpirationTime('15m')
    .sign(new TextEncoder().encode(cfg.GATE_JWT_SIGNING_KEY!));
  registerRuntimeSecret(token);
  return { headers: {}, cookie: { name: STAFF_AUTH.jwtCookie, value: token } };
}
