/** .env.example documents every variable each service's config schema reads, with its default. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { gatewayConfigSchema } from '@memegraph/gateway';
import { marketDataConfigSchema } from '@memegraph/market-data';
import { tokensConfigSchema } from '@memegraph/tokens';

const documented = new Map(
  readFileSync(new URL('../../.env.example', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z0-9_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
);

describe('.env.example', () => {
  it.each([
    ['gateway', gatewayConfigSchema],
    ['tokens', tokensConfigSchema],
    ['market-data', marketDataConfigSchema],
  ] as const)('lists every variable of the %s config', (_name, schema) => {
    expect(Object.keys(schema.shape).filter((key) => !documented.has(key))).toEqual([]);
  });

  it.each([
    ['gateway', gatewayConfigSchema],
    ['tokens', tokensConfigSchema],
    ['market-data', marketDataConfigSchema],
  ] as const)('gives the %s defaults that the config really applies', (_name, schema) => {
    const parsed = schema.safeParse({ DATABASE_URL: 'postgres://x@127.0.0.1/x' });
    expect(parsed.success).toBe(true);
    const wrong: string[] = [];
    for (const [key, value] of Object.entries(parsed.data as Record<string, unknown>)) {
      const example = documented.get(key);
      if (example === '' || example === undefined || key === 'DATABASE_URL' || value === undefined) continue;
      const shown = Array.isArray(value) ? value.join(',') : String(value);
      if (shown !== example) wrong.push(`${key}: .env.example says ${example}, default is ${shown}`);
    }
    expect(wrong).toEqual([]);
  });
});
