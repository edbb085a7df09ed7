// A tiny history-API router: a reactive current path, link interception and pattern matching.
import { ref } from 'vue';

const normalize = (p) => (p.length > 1 ? p.replace(/\/+$/, '') : p) || '/';

export const currentPath = ref(normalize(window.location.pathname));

export function navigate(to, { replace = false } = {}) {
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  currentPath.value = normalize(window.location.pathname);
  if (!replace) window.scrollTo(0, 0);
}

window.addEventListener('popstate', () => { currentPath.value = normalize(window.location.pathname); });

// Same-origin links become client-side navigations; API and OAuth links stay real page loads.
document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target instanceof Element ? e.target.closest('a[href]') : null;
  if (!a || (a.target && a.target !== '_self') || a.hasAttribute('download')) return;
  const url = new URL(a.href, window.location.href);
  if (url.origin !== window.location.origin) return;
  if (/^\/(api|oauth2|vendor|console)\//.test(url.pathname)) return;
  e.preventDefault();
  navigate(url.pathname + url.search + url.hash);
});

/** routes: [{ path: '/runs/:id', ... }] → { route, params } or null. */
export function match(routes, path) {
  for (const route of routes) {
    const names = [];
    const pattern = route.path.replace(/:([A-Za-z_]+)/g, (_, n) => { names.push(n); return '([^/]+)'; });
    const m = new RegExp(`^${pattern}$`).exec(path);
    if (m) {
      const params = {};
      names.forEach((n, i) => { params[n] = decodeURIComponent(m[i + 1]); });
      return { route, params };
    }
  }
  return null;
}
