import { createMemoryBackfillProgress } from './backfill-progress.js';
import { describeBackfillProgressContract } from './backfill-progress.contract.js';

describeBackfillProgressContract('in process', () => createMemoryBackfillProgress());
