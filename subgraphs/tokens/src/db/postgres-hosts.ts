/**
 * libpq's multi-host form of a connection URL, `postgres://user@host1:5432,host2:5433/db?params`: the same
 * user, database and parameters on each host, in the order given. node-postgres and the WHATWG URL parser
 * accept one host only, so the URL is split into one single-host URL per host.
 */
const MULTI_HOST_URL = /^(postgres(?:ql)?:\/\/)(?:([^@/?#]*)@)?([^/?#]*)(.*)$/;

/**
 * The single-host URLs named by a (possibly multi-host) postgres:// URL, in order; throws on anything that is
 * not one. A single-host URL comes back unchanged.
 */
export function toHostUrls(url: string): string[] {
  const match = MULTI_HOST_URL.exec(url.trim());
  if (!match) throw new Error('must be a postgres:// URL');
  const [, scheme, userInfo, hostList, rest] = match;
  const hosts = hostList!.split(',').map((host) => host.trim());
  if (hosts.some((host) => host === '')) throw new Error('names an empty host');
  return hosts.map((host) => {
    const single = `${scheme}${userInfo === undefined ? '' : `${userInfo}@`}${host}${rest}`;
    if (!URL.canParse(single)) throw new Error(`host "${host}" does not form a valid URL`);
    return single;
  });
}

/** `host:port` of a single-host URL, for logs and server names (never the credentials). */
export function toHostLabel(url: string): string {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port || '5432'}`;
}
