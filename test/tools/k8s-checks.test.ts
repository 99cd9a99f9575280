import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { checkKubernetesManifests, toGetRoutes } from './k8s-checks.js';
import { checkManifestFields } from './k8s-fields.js';
import { loadServiceContracts } from './k8s-contracts.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const k8sDir = join(root, 'docker/k8s');
const shipped = Object.fromEntries(
  readdirSync(k8sDir)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => [file, readFileSync(join(k8sDir, file), 'utf8')]),
);
const contracts = loadServiceContracts(root);

/** The shipped manifests with one text replacement in one file (which must apply). */
function edited(file: string, from: string | RegExp, to: string): Record<string, string> {
  const text = shipped[file]!;
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`${file}: ${from} not found`);
  return { ...shipped, [file]: changed };
}

describe('checkKubernetesManifests', () => {
  it('passes the shipped manifests', () => {
    expect(checkKubernetesManifests(shipped, contracts)).toEqual([]);
  });

  it.each([
    // Schema violations, found by the Kubernetes models' validators.
    [
      'a port that is not a number',
      'gateway.yaml',
      'containerPort: 4000',
      "containerPort: 'four'",
      /containerPort must be integer/,
    ],
    [
      'a Deployment without a selector',
      'tokens.yaml',
      /  selector:\n    matchLabels:\n      app.kubernetes.io\/name: tokens\n  strategy/,
      '  strategy',
      /must have required property selector/,
    ],
    ['an unknown kind', 'redis.yaml', 'kind: Service', 'kind: Servise', /v1\/Servise is not a kind/],
    // What the schemas cannot know.
    [
      'an env name the service does not read',
      'gateway.yaml',
      'name: TRUST_PROXY_HOPS',
      'name: TRUST_PROXIES',
      /Deployment gateway: sets TRUST_PROXIES, which its config does not read/,
    ],
    [
      'a ConfigMap key one service does not read',
      'config.yaml',
      'LOG_LEVEL: info',
      'LOG_LEVEL: info\n  ADMIN_API_KEY: x',
      /Deployment gateway: sets ADMIN_API_KEY/,
    ],
    [
      'readiness on /health',
      'market-data.yaml',
      /path: \/ready/,
      'path: /health',
      /Deployment market-data: readinessProbe asks \/health, expected \/ready/,
    ],
    [
      'a probe on another port',
      'tokens.yaml',
      /livenessProbe:\n            httpGet:\n              path: \/health\n              port: http/,
      'livenessProbe:\n            httpGet:\n              path: /health\n              port: 4002',
      /Deployment tokens: livenessProbe port 4002 is not its port 4001/,
    ],
    [
      'a port variable the container does not open',
      'gateway.yaml',
      "value: '4000'",
      "value: '4100'",
      /Deployment gateway: no container port 4100 \(its GATEWAY_PORT\)/,
    ],
    [
      'a grace period shorter than the drain',
      'market-data.yaml',
      'terminationGracePeriodSeconds: 30',
      'terminationGracePeriodSeconds: 20',
      /terminationGracePeriodSeconds 20 is not longer than preStop 5 s \+ drain 15 s/,
    ],
    [
      'a drain longer than the grace period',
      'config.yaml',
      "SHUTDOWN_TIMEOUT_MS: '15000'",
      "SHUTDOWN_TIMEOUT_MS: '40000'",
      /Deployment tokens: terminationGracePeriodSeconds 30 is not longer than preStop 5 s \+ drain 40 s/,
    ],
    [
      'no PodDisruptionBudget',
      'tokens.yaml',
      /---\napiVersion: policy\/v1[\s\S]*$/,
      '',
      /Deployment tokens: no PodDisruptionBudget covers it/,
    ],
    [
      'a Service selecting nothing',
      'redis.yaml',
      /selector:\n    app.kubernetes.io\/name: redis/,
      'selector:\n    app.kubernetes.io/name: redis-0',
      /Service redis: selects no Deployment/,
    ],
    [
      'a Service target port the pod lacks',
      'gateway.yaml',
      'targetPort: http',
      'targetPort: web',
      /Service gateway: targetPort web is no port/,
    ],
    [
      'an Ingress to a missing Service',
      'ingress.yaml',
      /name: gateway/,
      'name: gateways',
      /Ingress path \/graphql goes to gateways/,
    ],
    [
      'an HPA of a missing Deployment',
      'market-data-hpa.yaml',
      /name: market-data\n  minReplicas/,
      'name: marketdata\n  minReplicas',
      /scales Deployment marketdata, which is not shipped/,
    ],
  ])('reports %s', (_case, file, from, to, problem) => {
    const problems = checkKubernetesManifests(edited(file, from, to), contracts);
    expect(problems).toContainEqual(expect.stringMatching(problem));
  });

  it('reports a Deployment of a service that is missing', () => {
    const { ['tokens.yaml']: _tokens, ...rest } = shipped;
    expect(checkKubernetesManifests(rest, contracts)).toContain('k8s: no Deployment tokens');
  });
});

describe('checkManifestFields', () => {
  it('passes the shipped manifests', () => {
    expect(checkManifestFields(shipped, root)).toEqual([]);
  });

  it.each([
    [
      'a misspelt probe',
      'gateway.yaml',
      'readinessProbe:',
      'readinesProbe:',
      /Deployment gateway: .*'"readinesProbe"' does not exist in type 'IContainer'/,
    ],
    [
      'a misspelt pod field',
      'tokens.yaml',
      'terminationGracePeriodSeconds',
      'terminationGracePeriodSecond',
      /Deployment tokens: .*'"terminationGracePeriodSecond"' does not exist in type 'IPodSpec'/,
    ],
    [
      'a field at the wrong level',
      'ingress.yaml',
      'ingressClassName: nginx',
      'ingressClass: nginx',
      /Ingress memegraph: .*'"ingressClass"' does not exist/,
    ],
    [
      'a value of the wrong type',
      'market-data-hpa.yaml',
      'minReplicas: 2',
      'minReplicas: two',
      /HorizontalPodAutoscaler market-data: .*not assignable to type 'number'/,
    ],
  ])('reports %s', (_case, file, from, to, problem) => {
    expect(checkManifestFields(edited(file, from, to), root)).toEqual([expect.stringMatching(problem)]);
  });
});

describe('toGetRoutes', () => {
  it('reads the GET paths of express sources', () => {
    expect(toGetRoutes(`router.get('/health', a); app.get( '/ready', b); app.post('/graphql', c)`)).toEqual([
      '/health',
      '/ready',
    ]);
  });
});
