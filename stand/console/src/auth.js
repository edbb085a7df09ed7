// Who is signed in: loaded once from /api/v1/auth/me; any failure means the anonymous access card.
import { reactive } from 'vue';
import { get, post } from './api.js';
import { PATHS } from './texts.js';

export const auth = reactive({ status: 'loading', me: null, loaded: null });

export function ensureLoaded() {
  auth.loaded ??= refresh();
  return auth.loaded;
}

async function refresh() {
  auth.status = 'loading';
  try {
    const dto = await get(PATHS.authMe);
    auth.me = { ...dto.user };
    auth.status = 'authed';
  } catch {
    auth.me = null;
    auth.status = 'anon';
  }
}

export async function logout() {
  try {
    await post(PATHS.authLogout);
  } finally {
    auth.loaded = refresh();
    await auth.loaded;
  }
}

export const isAdmin = () => Boolean(auth.me?.is_platform_admin);
export const isOwner = () => Boolean(auth.me?.is_platform_owner);
