/**
 * `npm run capacity -- --subscribers 100000 --qps 5000 --tokens 100000 [--hot-tokens N]
 * [--deliveries-per-subscriber N] [--hot-refresh-seconds N] [--cold-refresh-seconds N] [--json]`
 * prints the capacity plan of a target load (capacity-model.ts on the measured figures).
 *
 * `--write-doc` regenerates docs/scaling.md's generated sections (the figures, the plans of DOC_TARGETS and
 * the limits of the first); `--check` (`npm run check:capacity`, in CI) changes nothing and fails when the
 * doc differs from what the model computes now, like check:errors.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as prettier from 'prettier';
import {
  BIRDEYE_ADDRESSES_PER_CALL,
  BIRDEYE_TIERS,
  DEPLOYMENT,
  SERVICE_FIGURES,
  UPSTREAM_BUDGETS,
} from './capacity-figures.js';
import { DEFAULT_TARGET, toCapacityPlan, type LoadTarget, type ModelInputs } from './capacity-model.js';
import { toFiguresTable, toLimitsTable, toPlansTable, withGeneratedSection } from './capacity-report.js';

const INPUTS: ModelInputs = {
  figures: SERVICE_FIGURES,
  upstreams: UPSTREAM_BUDGETS,
  birdeyeTiers: BIRDEYE_TIERS,
  birdeyeAddressesPerCall: BIRDEYE_ADDRESSES_PER_CALL,
  deployment: DEPLOYMENT,
};

/** The fixed inputs of docs/scaling.md's table: the target first, then one tenth of it and ten times. */
export const DOC_TARGETS: LoadTarget[] = [
  { ...DEFAULT_TARGET, subscribers: 100_000, qps: 5_000, tokens: 100_000 },
  { ...DEFAULT_TARGET, subscribers: 10_000, qps: 500, tokens: 10_000, hotTokens: 200 },
  { ...DEFAULT_TARGET, subscribers: 1_000_000, qps: 50_000, tokens: 1_000_000, hotTokens: 5_000 },
];

const DOC = new URL('../../docs/scaling.md', import.meta.url);

/** docs/scaling.md as the model would write it, formatted as `npm run format` would (check:format stays green). */
async function toDoc(current: string): Promise<string> {
  const plans = DOC_TARGETS.map((target) => toCapacityPlan(target, INPUTS));
  let doc = withGeneratedSection(
    current,
    'figures',
    toFiguresTable(SERVICE_FIGURES, UPSTREAM_BUDGETS, DEPLOYMENT.pollingShare),
  );
  doc = withGeneratedSection(doc, 'plans', toPlansTable(plans));
  doc = withGeneratedSection(doc, 'limits', toLimitsTable(plans[0]!));
  const filepath = fileURLToPath(DOC);
  return prettier.format(doc, { ...(await prettier.resolveConfig(filepath)), filepath });
}

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string' },
    qps: { type: 'string' },
    tokens: { type: 'string' },
    'hot-tokens': { type: 'string' },
    'deliveries-per-subscriber': { type: 'string' },
    'hot-refresh-seconds': { type: 'string' },
    'cold-refresh-seconds': { type: 'string' },
    json: { type: 'boolean' },
    check: { type: 'boolean' },
    'write-doc': { type: 'boolean' },
  },
});

if (values.check || values['write-doc']) {
  const current = readFileSync(DOC, 'utf8');
  const generated = await toDoc(current);
  if (values['write-doc']) {
    if (generated !== current) writeFileSync(DOC, generated);
    console.log(`docs/scaling.md: capacity sections ${generated === current ? 'already up to date' : 'regenerated'}.`);
  } else if (generated !== current) {
    console.error('docs/scaling.md capacity tables differ from the model: run npm run capacity -- --write-doc');
    process.exit(1);
  } else {
    console.log(`docs/scaling.md capacity tables match the model (${DOC_TARGETS.length} fixed targets).`);
  }
} else {
  const number = (name: keyof typeof values, fallback?: number): number => {
    const raw = values[name];
    if (raw === undefined) {
      if (fallback === undefined) throw new Error(`--${name} is required`);
      return fallback;
    }
    if (typeof raw !== 'string' || !/^\d+(\.\d+)?$/.test(raw))
      throw new Error(`--${name} must be a number, got ${raw}`);
    return Number(raw);
  };
  try {
    const target: LoadTarget = {
      subscribers: number('subscribers'),
      qps: number('qps'),
      tokens: number('tokens'),
      hotTokens: number('hot-tokens', DEFAULT_TARGET.hotTokens),
      deliveriesPerSubscriber: number('deliveries-per-subscriber', DEFAULT_TARGET.deliveriesPerSubscriber),
      hotRefreshSeconds: number('hot-refresh-seconds', DEFAULT_TARGET.hotRefreshSeconds),
      coldRefreshSeconds: number('cold-refresh-seconds', DEFAULT_TARGET.coldRefreshSeconds),
    };
    const plan = toCapacityPlan(target, INPUTS);
    console.log(values.json ? JSON.stringify(plan, null, 2) : `${toPlansTable([plan])}\n\n${toLimitsTable(plan)}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
}
