// Version facts printed by --version and /versions.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export const TERCEL_VERSION: string = pkg.version;
/** Falco release whose rules files, flags and falco.yaml tercel follows. */
export const FALCO_COMPAT_VERSION = '0.42.0';
