// The rules engine version tercel reports and checks `required_engine_version` against.
// It follows Falco's engine versioning (semver, major 0) so that today's rules files,
// which require 0.57.0 or a bare minor number, load unchanged.

export const ENGINE_VERSION = '0.63.0';

export interface Semver {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** Parses `x.y.z` as Falco does (a leading `x.y.z` is enough; trailing text is ignored). */
export function parseSemver(text: string): Semver | undefined {
  const m = /^\s*\+?(\d+)\.\s*\+?(\d+)\.\s*\+?(\d+)/.exec(text);
  if (!m) return undefined;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (major > 0xffffffff || minor > 0xffffffff || patch > 0xffffffff) return undefined;
  return { major, minor, patch };
}

export const semverText = (v: Semver): string => `${v.major}.${v.minor}.${v.patch}`;

export function compareSemver(a: Semver, b: Semver): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** An engine satisfies a requirement with the same major version and no lower version. */
export function engineSatisfies(engine: Semver, required: Semver): boolean {
  return engine.major === required.major && compareSemver(engine, required) >= 0;
}

/** A bare number `N` in `required_engine_version` means `0.N.0`. */
export const implicitEngineVersion = (minor: number): Semver => ({ major: 0, minor, patch: 0 });
