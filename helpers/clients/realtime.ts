import WebSocket from 'ws';

/**
 * Opens one of the staff realtime sockets as a signed-in staff user and returns its first message (the
 * snapshot kodex sends on connect), or fails naming what was awaited when none comes within timeoutMs.
 */
export async function firstRealtimeMessage(
  baseUrl: string,
  path: string,
  auth: { headers: Record<string, string>; cookie?: { name: string; value: string } },
  timeoutMs: number,
): Promise<string> {
  const url = new URL(path, baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const headers = { ...auth.headers, ...(auth.cookie ? { Cookie: `${auth.cookie.name}=${auth.cookie.value}` } : {}) };
  const socket = new WebSocket(url, { headers });
  try {
    return await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no message on the realtime socket ${path} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      socket.once('message', (data) => {
        clearTimeout(timer);
        resolve(data.toString());
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`realtime socket ${path}: ${err.message}`));
      });
      socket.once('unexpected-response', (_req, res) => {
        clearTimeout(timer);
        reject(new Error(`realtime socket ${path} answered ${res.statusCode}`));
      });
    });
  } finally {
    socket.terminate();
  }
}
