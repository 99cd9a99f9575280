/**
 * Markdown for docs/scaling.md from the capacity model: the figures it is fitted on, and the plans of the
 * doc's fixed targets side by side. Pure: data in, text out. Generated sections sit between
 * `<!-- capacity:NAME:start -->` and `<!-- capacity:NAME:end -->` markers.
 */
import type { Figure, ServiceFigures, UpstreamBudget } from './capacity-figures.js';
import type { CapacityPlan } from './capacity-model.js';

const int = (n: number) => (Number.isFinite(n) ? Math.ceil(n).toLocaleString('en-US') : '∞');
const num = (n: number, digits = 1) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 }) : '∞';
const bytes = (n: number) => {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) [n, i] = [n / 1024, i + 1];
  return `${num(n, 1)} ${units[i]}`;
};

/** The figures as a table: what, value, source. */
export function toFiguresTable(figures: ServiceFigures, upstreams: UpstreamBudget[], pollingShare: number): string {
  const rows = Object.entries(figures).map(
    ([name, f]: [string, Figure]) => `| \`${name}\` | ${num(f.value, 3)} ${f.unit} | ${f.source} |`,
  );
  const budgets = upstreams.map(
    (u) =>
      `| ${u.source} | ${u.callsPerMinute}/min × ${u.addressesPerCall} addresses × ${pollingShare * 100} % for polling = ` +
      `**${int(Math.floor(u.callsPerMinute * pollingShare) * u.addressesPerCall)} tokens/min** (${u.gives}) | ${u.upgrade} |`,
  );
  return [
    '| figure | value | source |',
    '| --- | --- | --- |',
    ...rows,
    '',
    '| upstream budget (all instances together) | tokens refreshed per minute | more budget |',
    '| --- | --- | --- |',
    ...budgets,
  ].join('\n');
}

/** The plans of several targets, one column each. */
export function toPlansTable(plans: CapacityPlan[]): string {
  const row = (label: string, cell: (p: CapacityPlan) => string) => `| ${label} | ${plans.map(cell).join(' | ')} |`;
  const service = (s: CapacityPlan['gateway']) =>
    `${s.pods} pods (${s.drivenBy}; ${num(s.cores, 1)} cores, ≈ ${int(s.memoryMiBPerPod)} MiB each)`;
  return [
    `| | ${plans.map((p) => `${int(p.target.subscribers)} subscribers, ${int(p.target.qps)} q/s, ${int(p.target.tokens)} tokens (${int(p.target.hotTokens)} hot)`).join(' | ')} |`,
    `| --- | ${plans.map(() => '---').join(' | ')} |`,
    row('gateway', (p) => service(p.gateway)),
    row('tokens', (p) => service(p.tokens)),
    row('market-data', (p) => service(p.marketData)),
    row('subscription deliveries / s', (p) => int(p.events.deliveriesPerSecond)),
    row('price events / s (upper bound)', (p) => num(p.events.pricePerSecond, 0)),
    row('Postgres read replicas', (p) => `${p.postgres.replicas} (${num(p.postgres.readCores, 1)} cores of reads)`),
    row('Postgres primary, ingestion', (p) => `${num(p.postgres.primaryWriteCores, 2)} cores`),
    row('Postgres connections per server', (p) => int(p.postgres.connectionsPerServer)),
    row('Postgres candle rows kept', (p) => int(p.postgres.candleRows)),
    row('Postgres data (candles + tokens)', (p) => bytes(p.postgres.storageBytes)),
    row('candle rows written / s', (p) => int(p.postgres.candleRowsWrittenPerSecond)),
    row('Redis commands / s', (p) => int(p.redis.commandsPerSecond)),
    row('Redis pub/sub messages / s', (p) => int(p.redis.pubsubMessagesPerSecond)),
    row('Redis memory', (p) => bytes(p.redis.memoryBytes)),
    row('Redis Cluster primaries (cache)', (p) => String(p.redis.clusterPrimaries)),
    row('token refreshes / min needed', (p) => int(p.upstream.refreshesPerMinuteNeeded)),
    row('free backbone budget', (p) => `${int(p.upstream.backboneRefreshesPerMinute)} / min`),
    row('cold refresh on the free budget', (p) => `${int(p.upstream.coldRefreshSecondsOnFreeBudget)} s`),
    row('upstream plan needed', (p) =>
      p.upstream.backboneBudgetsNeeded <= 1
        ? 'the free budgets'
        : `${p.upstream.backboneBudgetsNeeded} DexScreener budgets, or Birdeye ${p.upstream.birdeyePlan ?? '(no plan large enough)'}`,
    ),
    row(
      '**first bottleneck**',
      (p) => `**${p.firstBottleneck.name}** (headroom ${num(p.firstBottleneck.headroom, 2)}×)`,
    ),
    row(
      'other walls exceeded',
      (p) =>
        p.limits
          .filter((l) => !l.scalesOut && l.headroom < 1 && l !== p.firstBottleneck)
          .map((l) => `${l.name.replace(/ \(.*\)$/, '')} (${num(l.headroom, 2)}×)`)
          .join('; ') || 'none',
    ),
  ].join('\n');
}

/** The limits of one plan, least headroom first. */
export function toLimitsTable(plan: CapacityPlan): string {
  return [
    '| limit | demand | capacity | headroom | scales out? | what lifts it |',
    '| --- | ---: | ---: | ---: | --- | --- |',
    ...[...plan.limits]
      .sort((a, b) => a.headroom - b.headroom)
      .map(
        (l) =>
          `| ${l.name} | ${l.unit === 'bytes' ? bytes(l.demand) : `${num(l.demand, 1)} ${l.unit}`} | ` +
          `${l.unit === 'bytes' ? bytes(l.capacity) : num(l.capacity, 1)} | ${num(l.headroom, 2)}× | ${l.scalesOut ? 'yes' : 'no'} | ${l.remedy} |`,
      ),
  ].join('\n');
}

/** `doc` with the section `name` replaced by `content`; throws when its markers are missing. */
export function withGeneratedSection(doc: string, name: string, content: string): string {
  const start = `<!-- capacity:${name}:start (generated by npm run capacity -- --write-doc) -->`;
  const end = `<!-- capacity:${name}:end -->`;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/scaling.md has no section ${start} … ${end}`);
  return `${doc.slice(0, from + start.length)}\n\n${content}\n\n${doc.slice(to)}`;
}
