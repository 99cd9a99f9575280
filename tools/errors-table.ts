/**
 * `npm run errors` regenerates README.md's error table from the error-code registry (contracts); with
 * `--check` (`npm run check:errors`) it changes nothing and fails when the README differs from what it would
 * write, like check:codegen. Nobody edits the table by hand.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { errorCodes, withErrorsTable } from '@memegraph/contracts';

const README = new URL('../README.md', import.meta.url);
const current = readFileSync(README, 'utf8');
const generated = withErrorsTable(current, errorCodes);
if (process.argv.includes('--check')) {
  if (generated !== current) {
    console.error('README.md error table is out of date with contracts/src/errors/error-codes.ts: run npm run errors');
    process.exit(1);
  }
  console.log(`README.md error table is up to date (${Object.keys(errorCodes).length} codes).`);
} else if (generated !== current) {
  writeFileSync(README, generated);
  console.log('README.md error table regenerated.');
}
