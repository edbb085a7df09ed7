import { SignJWT } from 'jose';
import { STAFF_AUTH } from './kodex.js';

export interface StaffClaims {
  id: string;
  email: string;
  github_login?: string | null;
  is_platform_admin: boolean;
  is_platform_owner: boolean;
}

/** A staff session token as kodex's /api/v1/auth/github/callback mints it: HS256, iss=kodex, 15 minutes. */
export function mintStaffJwt(user: StaffClaims, signingKey: string, ttlSeconds = 900): Promise<string> {
  return new SignJWT({
    email: user.email,
    github_login: user.github_login ?? '',
    is_admin: user.is_platform_admin,
    is_owner: user.is_platform_owner,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(STAFF_AUTH.jwtIssuer)
    .setSubject(user.id)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(new TextEncoder().encode(signingKey));
}
