/**
 * Host allow-lists: one matching rule for the compile-time policy (`policyRules.httpAllowedHosts`)
 * and the http plugin's run-time check. A pattern is a host name (`api.acme.com`, exact,
 * case-insensitive, optionally with `:port`) or `*.domain` (any subdomain of `domain`, at any
 * depth, not `domain` itself).
 * @module
 */

/** Whether `host` (a URL's `hostname`, or `host` with a port) matches one of the patterns. */
export function hostAllowed(host: string, patterns: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const bare = h.replace(/:\d+$/, '');
  return patterns.some((raw) => {
    const p = raw.trim().toLowerCase().replace(/\.$/, '');
    if (p.startsWith('*.')) return bare.endsWith(p.slice(1)) && bare.length > p.length - 1;
    return p.includes(':') && !p.startsWith('[') ? h === p : bare === p || h === p;
  });
}

/** `FLOWOPS_HTTP_ALLOWED_HOSTS`-style text (comma or whitespace separated) as patterns; undefined when empty. */
export function parseHostList(text: string | undefined): string[] | undefined {
  const hosts = (text ?? '')
    .split(/[\s,]+/)
    .map((h) => h.trim())
    .filter((h) => h !== '');
  return hosts.length > 0 ? hosts : undefined;
}
