// HTTP + WebSocket access to the kodex staff API. Auth rides on the cookie (or headers the browser context
// injects), so every request is same-origin with credentials.

class ApiError extends Error {
  constructor(status, body, message) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, null, 'Network error: the API is unreachable');
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const message =
      data && typeof data.message === 'string' && data.message ? data.message : `Request failed (HTTP ${res.status})`;
    throw new ApiError(res.status, data, message);
  }
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

export const enc = encodeURIComponent;
export const STAFF = '/api/v1/staff';

function wsUrl(pathAndQuery) {
  const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${window.location.host}${pathAndQuery}`;
}

const BACKOFF_MIN_MS = 600;
const BACKOFF_MAX_MS = 12000;

/**
 * Keeps a WebSocket open: reconnects with exponential backoff (600 ms … 12 s) after every close.
 * onState receives 'connecting' | 'connected' | 'reconnecting'. Returns stop().
 */
export function subscribe(pathAndQuery, { onMessage, onState }) {
  let socket = null;
  let stopped = false;
  let timer = null;
  let delay = BACKOFF_MIN_MS;

  const open = (state) => {
    if (stopped) return;
    onState?.(state);
    try {
      socket = new WebSocket(wsUrl(pathAndQuery));
    } catch {
      schedule();
      return;
    }
    socket.onopen = () => {
      delay = BACKOFF_MIN_MS;
      onState?.('connected');
    };
    socket.onmessage = (ev) => {
      let msg;
      try {
        msg = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      if (msg && typeof msg === 'object' && typeof msg.type === 'string') onMessage(msg);
    };
    socket.onclose = () => {
      socket = null;
      schedule();
    };
  };

  const schedule = () => {
    if (stopped) return;
    onState?.('reconnecting');
    timer = window.setTimeout(() => open('reconnecting'), delay);
    delay = Math.min(delay * 2, BACKOFF_MAX_MS);
  };

  open('connecting');
  return () => {
    stopped = true;
    if (timer !== null) window.clearTimeout(timer);
    if (socket) {
      socket.onclose = null;
      socket.close();
      socket = null;
    }
  };
}
