/**
 * Unknown fields in the Kubernetes manifests. The OpenAPI schemas that kubernetes-models validates against
 * allow keys they do not declare (so does the API server unless asked to be strict, and `kubectl apply`
 * is), so a misspelt `readinessProbe` or `terminationGracePeriodSecond` would pass schema validation and
 * then be silently ignored — or refused by a strict apply. This check compiles every object as a TypeScript
 * object literal typed with kubernetes-models' own interfaces (generated from the same OpenAPI spec):
 * TypeScript's excess-property check reports every key no schema declares, at any depth.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';

/** The interface of each kind the manifests use. */
const TYPES: Record<string, { module: string; type: string }> = {
  'v1/ConfigMap': { module: 'kubernetes-models/v1/ConfigMap', type: 'IConfigMap' },
  'v1/Service': { module: 'kubernetes-models/v1/Service', type: 'IService' },
  'apps/v1/Deployment': { module: 'kubernetes-models/apps/v1/Deployment', type: 'IDeployment' },
  'autoscaling/v2/HorizontalPodAutoscaler': {
    module: 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
    type: 'IHorizontalPodAutoscaler',
  },
  'networking.k8s.io/v1/Ingress': { module: 'kubernetes-models/networking.k8s.io/v1/Ingress', type: 'IIngress' },
  'policy/v1/PodDisruptionBudget': {
    module: 'kubernetes-models/policy/v1/PodDisruptionBudget',
    type: 'IPodDisruptionBudget',
  },
};

/**
 * Every key of the manifests `files` (file name → YAML) that its kind's schema does not declare. `root` is
 * the checkout whose node_modules holds kubernetes-models. Kinds other than {@link TYPES} are skipped (the
 * schema check reports them).
 */
export function checkManifestFields(files: Record<string, string>, root: string): string[] {
  const objects: Array<{ where: string; key: string; object: unknown }> = [];
  for (const [file, text] of Object.entries(files)) {
    for (const document of parseAllDocuments(text)) {
      const object = document.errors.length === 0 ? (document.toJS() as Record<string, any> | null) : null;
      const key = `${object?.apiVersion}/${object?.kind}`;
      if (object && TYPES[key]) {
        objects.push({ where: `k8s/${file}: ${object.kind} ${object.metadata?.name}`, key, object });
      }
    }
  }
  if (objects.length === 0) return [];
  // One object per line, so a diagnostic's line names its object.
  const used = [...new Set(objects.map((o) => o.key))];
  const source = [
    ...used.map((key, i) => `import type { ${TYPES[key]!.type} as T${i} } from '${TYPES[key]!.module}';`),
    ...objects.map((o, i) => `export const o${i}: T${used.indexOf(o.key)} = ${JSON.stringify(o.object)};`),
  ].join('\n');
  const fileName = join(root, 'test/tools/k8s-manifests.generated.ts');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion, ...rest) =>
    name === fileName
      ? ts.createSourceFile(name, source, languageVersion)
      : getSourceFile(name, languageVersion, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || fileExists(name);
  const program = ts.createProgram([fileName], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (diagnostic.file?.fileName !== fileName || diagnostic.start === undefined) return `k8s: ${message}`;
    const line = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line - used.length;
    return `${objects[line]?.where ?? 'k8s'}: ${message}`;
  });
}
