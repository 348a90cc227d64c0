/**
 * Writes the reference checkpoints (models' REFERENCE_CHECKPOINTS: small, seeded, official
 * format) into the folder given, one subfolder each, for the official package to load.
 *
 *   node --conditions=@parley/source --import tsx reference/checkpoints.ts OUT_DIR
 */
import { join } from 'node:path';
import { REFERENCE_CHECKPOINTS, writeReferenceCheckpoint, type ReferenceCheckpointName } from '@parley/models';

const out = process.argv[2];
if (out === undefined) throw new Error('usage: checkpoints.ts OUT_DIR');
for (const name of Object.keys(REFERENCE_CHECKPOINTS) as ReferenceCheckpointName[]) {
  await writeReferenceCheckpoint(name, join(out, name));
  console.error(`wrote ${join(out, name)}`);
}
