import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getFreePort } from './free-port.js';
import { spawnProcess, waitUntilHealthy, type SpawnedProcess } from './process.js';

/** Debian's nginx lives in /usr/sbin, which is not on every user's PATH. */
const NGINX_BIN = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';

/** The shipped load balancer config (docker/nginx.conf.template); compose renders the same file. */
export const NGINX_TEMPLATE_PATH = fileURLToPath(new URL('../../docker/nginx.conf.template', import.meta.url));

/** Values of the template's `${NGINX_*}` placeholders (see the template's header). */
export interface NginxTemplateValues {
  NGINX_LISTEN: string;
  NGINX_STATUS_LISTEN: string;
  NGINX_GATEWAY_1: string;
  NGINX_GATEWAY_2: string;
  NGINX_GATEWAY_RESOLVE: string;
  NGINX_RESOLVER: string;
  NGINX_ACCESS_LOG: string;
}

/**
 * Renders the template as the nginx image's envsubst step does: each `${NAME}` of `values` is replaced;
 * nginx's own `$variables` stay. Throws when a placeholder has no value (a renamed or added one).
 */
export function renderNginxConfig(values: NginxTemplateValues): string {
  const rendered = readFileSync(NGINX_TEMPLATE_PATH, 'utf8').replace(/\$\{(\w+)\}/g, (placeholder, name: string) => {
    const value = (values as unknown as Record<string, string | undefined>)[name];
    if (value === undefined) throw new Error(`${NGINX_TEMPLATE_PATH}: no value for ${placeholder}`);
    return value;
  });
  return rendered;
}

/** The template rendered for loopback gateways (literal addresses: no `resolve`, the resolver is never asked). */
export const toLoopbackValues = (
  ports: { listen: number; status: number },
  gateways: [string, string],
  accessLog: string,
): NginxTemplateValues => ({
  NGINX_LISTEN: `127.0.0.1:${ports.listen}`,
  NGINX_STATUS_LISTEN: `127.0.0.1:${ports.status}`,
  NGINX_GATEWAY_1: gateways[0],
  NGINX_GATEWAY_2: gateways[1],
  NGINX_GATEWAY_RESOLVE: '',
  NGINX_RESOLVER: '127.0.0.1',
  NGINX_ACCESS_LOG: accessLog,
});

/** Writes `config` into a fresh prefix dir; nginx keeps its pid file there and runs in the foreground. */
function preparePrefix(config: string): { dir: string; args: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'memegraph-nginx-'));
  chmodSync(dir, 0o755); // started as root, the workers run as an unprivileged user
  const confPath = join(dir, 'nginx.conf');
  writeFileSync(confPath, config);
  return { dir, args: ['-p', `${dir}/`, '-c', confPath, '-e', 'stderr', '-g', `daemon off; pid ${dir}/nginx.pid;`] };
}

/** `nginx -t` on a rendered config; throws with nginx's own message when it is rejected. */
export function testNginxConfig(config: string): string {
  const { dir, args } = preparePrefix(config);
  try {
    return execFileSync(NGINX_BIN, ['-t', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: string };
    if (code === 'ENOENT') throw new Error('nginx is not installed (Debian: apt-get install -y nginx)');
    throw new Error(`nginx -t rejected the rendered config:\n${stderr ?? String(error)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** nginx (the Debian package) running the shipped template in front of `gateways`, as its own process. */
export interface RunningNginx {
  /** The public side: /graphql only. */
  url: string;
  /** nginx's own liveness listener (GET /health). */
  statusUrl: string;
  process: SpawnedProcess;
  /**
   * Finished requests, in order (a WebSocket's upgrade request finishes when the socket closes), with
   * the gateways nginx tried for each: one address, or several when it passed the request on after a failure.
   */
  requestsLogged(): Array<{ request: string; upstreams: string[] }>;
  stop(): Promise<void>;
}

/** Starts nginx on a free loopback port in front of two gateway addresses (`host:port`). */
export async function startNginx(gateways: [string, string]): Promise<RunningNginx> {
  const [port, statusPort] = await Promise.all([getFreePort(), getFreePort()]);
  // Relative to the prefix dir. Not /dev/stdout: a child's stdout here is a socket, which nginx cannot open by path.
  const { dir, args } = preparePrefix(
    renderNginxConfig(toLoopbackValues({ listen: port, status: statusPort }, gateways, 'access.log')),
  );
  const nginx = spawnProcess(NGINX_BIN, args);
  const url = `http://127.0.0.1:${port}`;
  const statusUrl = `http://127.0.0.1:${statusPort}`;
  const stop = async () => {
    await nginx.stop('SIGQUIT'); // graceful: workers finish what they are doing
    rmSync(dir, { recursive: true, force: true });
  };
  await waitUntilHealthy(nginx, 'nginx', `${statusUrl}/health`, 10_000).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return {
    url,
    statusUrl,
    process: nginx,
    requestsLogged: () =>
      [...readFileSync(join(dir, 'access.log'), 'utf8').matchAll(/"([^"]*)" .* upstream=(.+?) upstream_time=/g)].map(
        (match) => ({ request: match[1]!, upstreams: match[2]!.split(', ') }),
      ),
    stop,
  };
}
