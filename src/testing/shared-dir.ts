// Where the shared reference data (Falco's rules, legacy suite, traces) is for tests and
// benchmarks: $TERCEL_SHARED_DIR, else `../shared` next to the repository. Tests that use it
// skip with a message when it is absent.
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

const repoRoot = resolve(fileURLToPath(new URL('../../', import.meta.url)));

export const SHARED_DIR: string = process.env.TERCEL_SHARED_DIR ?? resolve(repoRoot, '..', 'shared');
export const CONFORMANCE_DIR: string = join(SHARED_DIR, 'conformance');
