import { STAFF_AUTH } from '../../contract/kodex.js';
import { registerRuntimeSecret } from '../runner/run-secrets.js';
import type { GateConfig } from '../runner/config.js';
import type { GateDb } from './db.js';
import { mintStaffJwt } from '../../contract/staff-jwt.js';

/** A staff identity; `via: 'header'` forces the oauth2-proxy header path (allowlist checks). */
export interface Identity {
  email: string;
  login?: string;
  via?: 'header';
}
export interface StaffAuth {
  headers: Record<string, string>;
  cookie?: { name: string; value: string };
}

/**
 * How a staff identity reaches the gateway (GATE_STAFF_AUTH):
 * - header: oauth2-proxy headers (the stand, or the gateway reached through a port-forward);
 * - cookie: a session cookie an operator provides; it is one identity, GATE_STAFF_EMAIL, and needs no key;
 * - jwt: a kodex_staff_jwt minted with the signing key (never on production: config refuses it).
 */
export async function authFor(cfg: GateConfig, db: GateDb, who: Identity): Promise<StaffAuth> {
  if (cfg.GATE_STAFF_AUTH === 'header' || who.via === 'header') {
    return {
      headers: { [STAFF_AUTH.emailHeader]: who.email, ...(who.login ? { [STAFF_AUTH.userHeader]: who.login } : {}) },
    };
  }
  if (cfg.GATE_STAFF_AUTH === 'cookie') return { headers: {}, cookie: providedCookie(cfg, who) };
  const user = await db.userByEmail(who.email);
  if (!user) throw new Error(`cannot mint a staff JWT for ${who.email}: no such user`);
  const token = await mintStaffJwt(
    { ...user, email: who.email, github_login: who.login ?? '' },
    cfg.GATE_JWT_SIGNING_KEY!,
  );
  registerRuntimeSecret(token);
  return { headers: {}, cookie: { name: STAFF_AUTH.jwtCookie, value: token } };
}

/** GATE_STAFF_COOKIE is the kodex_staff_jwt value (a JWT has no '='), or `name=value`. Config lists it as a secret. */
function providedCookie(cfg: GateConfig, who: Identity): { name: string; value: string } {
  if (who.email.toLowerCase() !== cfg.GATE_STAFF_EMAIL.toLowerCase()) {
    throw new Error(
      `GATE_STAFF_AUTH=cookie signs in only as GATE_STAFF_EMAIL (${cfg.GATE_STAFF_EMAIL}), not as ${who.email}`,
    );
  }
  const raw = cfg.GATE_STAFF_COOKIE!;
  const eq = raw.indexOf('=');
  return eq > 0 ? { name: raw.slice(0, eq), value: raw.slice(eq + 1) } : { name: STAFF_AUTH.jwtCookie, value: raw };
}
