/**
 * The value of one series in a Prometheus text exposition: `name` with exactly `labels` (in any order);
 * undefined when absent. Enough for tests; not a full parser (no escaped quotes in label values).
 */
export function getSample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((label) => [label[1], label[2]] as const),
    );
    const keys = Object.keys(labels);
    if (Object.keys(found).length === keys.length && keys.every((key) => found[key] === labels[key])) {
      return Number(match[3]);
    }
  }
  return undefined;
}

/** Scrapes `${baseUrl}/metrics`. */
export async function scrape(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (!response.ok) throw new Error(`GET ${baseUrl}/metrics: HTTP ${response.status}`);
  return response.text();
}
