/**
 * Static checks of the Kubernetes manifests in docker/k8s/ (no cluster here or in CI): every object against
 * the Kubernetes OpenAPI schemas (kubernetes-models, its validators are generated from them), then what the
 * schemas cannot know — that the manifests agree with each other and with the services:
 * - the env names a Deployment sets (env, and the keys of ConfigMaps it loads with envFrom) are variables its
 *   service's config schema reads, so a renamed variable cannot leave a setting silently ignored;
 * - probes: readiness on /ready, liveness and startup on /health (the semantics of gateway/src/health and
 *   infra's subgraph app), paths the service serves, on the container port its port variable opens;
 * - terminationGracePeriodSeconds longer than the preStop sleep plus the service's drain deadline
 *   (SHUTDOWN_TIMEOUT_MS);
 * - every service has a Service, a PodDisruptionBudget; selectors, target ports, Ingress backends and HPA
 *   targets name things that exist.
 * Pure: manifest texts and the services' contracts in, problems out. check-docker.ts feeds it the real ones.
 */
import { parseAllDocuments } from 'yaml';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';

/** What a manifest must agree with about one service (by its Deployment's name). */
export interface ServiceContract {
  /** Every variable its config schema reads. */
  configKeys: string[];
  /** The variable naming its HTTP port, and the port it opens when unset. */
  portVariable: string;
  defaultPort: number;
  /** Paths its HTTP app serves with GET (read from its routes). */
  routes: string[];
  /** SHUTDOWN_TIMEOUT_MS when the manifests do not set it. */
  defaultShutdownTimeoutMs: number;
}

/** Files holding configuration fragments rather than Kubernetes objects (prometheus-adapter's rules). */
export const CONFIG_FRAGMENTS = ['prometheus-adapter-rules.yaml'];

/** The models the manifests may use, by apiVersion and kind: anything else is reported. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/Ingress': Ingress,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

type Labels = Record<string, string>;
interface K8sObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; labels?: Labels };
  spec?: any;
  data?: Record<string, string>;
}
interface Probe {
  httpGet?: { path?: string; port?: number | string };
}
interface Container {
  name: string;
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<{ name: string; value?: string }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { preStop?: { sleep?: { seconds: number } } };
}

const matches = (selector: Labels | undefined, labels: Labels | undefined) =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/** Parses every document of every file; reports YAML errors and documents of no known kind. */
function parseManifests(files: Record<string, string>, problems: string[]): Array<K8sObject & { file: string }> {
  const objects: Array<K8sObject & { file: string }> = [];
  for (const [file, text] of Object.entries(files)) {
    if (CONFIG_FRAGMENTS.includes(file)) continue;
    for (const document of parseAllDocuments(text)) {
      if (document.errors.length > 0) {
        problems.push(`k8s/${file}: not valid YAML (${document.errors[0]!.message})`);
        continue;
      }
      const object = document.toJS() as K8sObject | null;
      if (!object) continue;
      const model = MODELS[`${object.apiVersion}/${object.kind}`];
      const name = `k8s/${file}: ${object.kind ?? '(no kind)'} ${object.metadata?.name ?? '(no name)'}`;
      if (!model) {
        problems.push(`${name}: ${object.apiVersion}/${object.kind} is not a kind these checks know`);
        continue;
      }
      try {
        new model(object as never).validate();
      } catch (error) {
        problems.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
      objects.push({ ...object, file });
    }
  }
  return objects;
}

/** Every problem of the manifests `files` (file name → text) against the services' `contracts`. */
export function checkKubernetesManifests(
  files: Record<string, string>,
  contracts: Record<string, ServiceContract>,
): string[] {
  const problems: string[] = [];
  const objects = parseManifests(files, problems);
  const of = (kind: string) => objects.filter((o) => o.kind === kind);
  const configMaps = new Map(of('ConfigMap').map((c) => [c.metadata?.name, c.data ?? {}]));
  const deployments = of('Deployment');

  for (const name of Object.keys(contracts)) {
    if (!deployments.some((d) => d.metadata?.name === name)) problems.push(`k8s: no Deployment ${name}`);
  }
  for (const deployment of deployments) {
    const name = deployment.metadata?.name ?? '';
    const where = `k8s/${deployment.file}: Deployment ${name}`;
    const labels = deployment.spec?.template?.metadata?.labels as Labels | undefined;
    if (!matches(deployment.spec?.selector?.matchLabels, labels)) {
      problems.push(`${where}: selector does not match the pod template's labels`);
    }
    if (!of('Service').some((s) => matches(s.spec?.selector, labels))) problems.push(`${where}: no Service selects it`);
    const contract = contracts[name];
    if (!contract) continue;
    if (!of('PodDisruptionBudget').some((p) => matches(p.spec?.selector?.matchLabels, labels))) {
      problems.push(`${where}: no PodDisruptionBudget covers it`);
    }
    const container = (deployment.spec?.template?.spec?.containers as Container[] | undefined)?.[0];
    if (!container) {
      problems.push(`${where}: no container`);
      continue;
    }
    // What the process sees: the ConfigMaps it loads, then its own env (which wins).
    const env = new Map<string, string | undefined>();
    for (const source of container.envFrom ?? []) {
      if (source.configMapRef) {
        const data = configMaps.get(source.configMapRef.name);
        if (!data) problems.push(`${where}: envFrom names ConfigMap ${source.configMapRef.name}, which is not shipped`);
        for (const [key, value] of Object.entries(data ?? {})) env.set(key, value);
      }
    }
    for (const variable of container.env ?? []) env.set(variable.name, variable.value);
    for (const key of env.keys()) {
      if (!contract.configKeys.includes(key)) problems.push(`${where}: sets ${key}, which its config does not read`);
    }
    const port = Number(env.get(contract.portVariable) ?? contract.defaultPort);
    if (!container.ports?.some((p) => p.containerPort === port)) {
      problems.push(`${where}: no container port ${port} (its ${contract.portVariable})`);
    }
    const probes: Array<[keyof Container, string]> = [
      ['readinessProbe', '/ready'],
      ['livenessProbe', '/health'],
      ['startupProbe', '/health'],
    ];
    for (const [probeName, path] of probes) {
      const httpGet = (container[probeName] as Probe | undefined)?.httpGet;
      if (!httpGet) {
        problems.push(`${where}: no ${probeName} (GET ${path})`);
        continue;
      }
      if (httpGet.path !== path) problems.push(`${where}: ${probeName} asks ${httpGet.path}, expected ${path}`);
      else if (!contract.routes.includes(path))
        problems.push(`${where}: ${probeName} asks ${path}, which it does not serve`);
      const probePort =
        typeof httpGet.port === 'string'
          ? container.ports?.find((p) => p.name === httpGet.port)?.containerPort
          : httpGet.port;
      if (probePort !== port) problems.push(`${where}: ${probeName} port ${httpGet.port} is not its port ${port}`);
    }
    const drainSeconds = Number(env.get('SHUTDOWN_TIMEOUT_MS') ?? contract.defaultShutdownTimeoutMs) / 1000;
    const preStopSeconds = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
    const grace = Number(deployment.spec?.template?.spec?.terminationGracePeriodSeconds ?? 30);
    if (grace <= preStopSeconds + drainSeconds) {
      problems.push(
        `${where}: terminationGracePeriodSeconds ${grace} is not longer than preStop ${preStopSeconds} s + drain ${drainSeconds} s`,
      );
    }
  }

  const services = of('Service');
  for (const service of services) {
    const where = `k8s/${service.file}: Service ${service.metadata?.name}`;
    const target = deployments.find((d) => matches(service.spec?.selector, d.spec?.template?.metadata?.labels));
    if (!target) {
      problems.push(`${where}: selects no Deployment`);
      continue;
    }
    const ports = (target.spec.template.spec.containers as Container[]).flatMap((c) => c.ports ?? []);
    for (const { targetPort } of service.spec?.ports ?? []) {
      if (!ports.some((p) => p.name === targetPort || p.containerPort === targetPort)) {
        problems.push(`${where}: targetPort ${targetPort} is no port of Deployment ${target.metadata?.name}`);
      }
    }
  }
  for (const ingress of of('Ingress')) {
    for (const rule of ingress.spec?.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const backend = path.backend?.service;
        const service = services.find((s) => s.metadata?.name === backend?.name);
        const portKnown = service?.spec?.ports?.some(
          (p: { name?: string; port: number }) => p.name === backend?.port?.name || p.port === backend?.port?.number,
        );
        if (!service || !portKnown) {
          problems.push(
            `k8s/${ingress.file}: Ingress path ${path.path} goes to ${backend?.name}:${JSON.stringify(backend?.port)}, which no Service offers`,
          );
        }
      }
    }
  }
  for (const hpa of of('HorizontalPodAutoscaler')) {
    const ref = hpa.spec?.scaleTargetRef;
    if (ref?.kind !== 'Deployment' || !deployments.some((d) => d.metadata?.name === ref.name)) {
      problems.push(
        `k8s/${hpa.file}: HorizontalPodAutoscaler ${hpa.metadata?.name} scales ${ref?.kind} ${ref?.name}, which is not shipped`,
      );
    }
  }
  return problems;
}

/** The paths an express source serves with GET (`.get('/path'`), for {@link ServiceContract.routes}. */
export function toGetRoutes(source: string): string[] {
  return [...source.matchAll(/\.get\(\s*'([^']+)'/g)].map((m) => m[1]!);
}
