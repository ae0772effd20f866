/**
 * Which `Host` a codec server answers (DNS rebinding defence) and which UI origins it allows by
 * default. A page on `evil.example` whose name is re-pointed at 127.0.0.1 reaches a loopback
 * server with `Host: evil.example:8888`; only the loopback names with the server's own port (or
 * hosts listed explicitly) are served.
 * @module
 */

/** Loopback names as they appear in a `Host` header or a URL. */
export const LOOPBACK_HOSTNAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;

/** Port of the Temporal dev server's UI (`temporal server start-dev`, `flowops dev`). */
export const DEV_UI_PORT = 8233;

/**
 * The dev server UI's URL as flowops prints it everywhere (`flowops dev`, run links of `local`,
 * the codec server's default CORS origin): `http://127.0.0.1:<port>`, never `localhost`.
 * @example
 * devUiUrl(); // 'http://127.0.0.1:8233'
 * devUiUrl(9000); // 'http://127.0.0.1:9000'
 */
export function devUiUrl(port: number = DEV_UI_PORT): string {
  return `http://127.0.0.1:${port}`;
}

/** Split a `Host` header into a lower-case hostname (IPv6 in brackets) and a port (80 when absent). */
export function parseHostHeader(header: string | undefined): { hostname: string; port: number } | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec((header ?? '').trim());
  if (!m) return undefined;
  return { hostname: m[1]!.toLowerCase(), port: m[2] === undefined ? 80 : Number(m[2]) };
}

/**
 * Whether a request's `Host` header names this server: a loopback name with `port`, or an entry
 * of `allowedHosts` (`name` matches any port, `name:port` that port only; case-insensitive).
 * @example
 * hostAllowed('localhost:8888', { port: 8888 }); // true
 * hostAllowed('evil.example:8888', { port: 8888 }); // false
 * hostAllowed('codec.internal:443', { port: 8888, allowedHosts: ['codec.internal'] }); // true
 */
export function hostAllowed(header: string | undefined, o: { port: number; allowedHosts?: readonly string[] | undefined }): boolean {
  const host = parseHostHeader(header);
  if (!host) return false;
  if ((LOOPBACK_HOSTNAMES as readonly string[]).includes(host.hostname) && host.port === o.port) return true;
  return (o.allowedHosts ?? []).some((entry) => {
    const allowed = parseHostHeader(entry);
    if (!allowed) return false;
    const anyPort = !/:\d+$/.test(entry.trim());
    return allowed.hostname === host.hostname && (anyPort || allowed.port === host.port);
  });
}

/**
 * The CORS origins for a Temporal UI URL: its origin, and when it is a loopback URL the same port
 * under every loopback name (the UI prints `http://127.0.0.1:8233`, people type `localhost`).
 * Default: the dev server UI.
 * @example
 * uiOrigins(); // ['http://127.0.0.1:8233', 'http://localhost:8233', 'http://[::1]:8233']
 * uiOrigins('https://temporal.example.com/ns'); // ['https://temporal.example.com']
 */
export function uiOrigins(uiUrl = devUiUrl()): string[] {
  const url = new URL(uiUrl);
  if (!(LOOPBACK_HOSTNAMES as readonly string[]).includes(url.hostname)) return [url.origin];
  return LOOPBACK_HOSTNAMES.map((name) => `${url.protocol}//${name}${url.port ? `:${url.port}` : ''}`);
}
