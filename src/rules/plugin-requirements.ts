// Checks the `required_plugin_versions` collected from rules files against the plugins
// actually loaded, with Falco's messages.
import { engineSatisfies, parseSemver } from './engine-version.js';
import type { PluginRequirement } from './rule-infos.js';

export interface LoadedPlugin {
  readonly name: string;
  readonly version: string;
}

/** Returns undefined when every requirement is met, else the first failure's message. */
export function checkPluginRequirements(
  required: readonly (readonly PluginRequirement[])[], plugins: readonly LoadedPlugin[],
): string | undefined {
  for (const alternatives of required) {
    let matched = false;
    let err: string | undefined;
    search: for (const req of alternatives) {
      for (const p of plugins) {
        if (p.name !== req.name) continue;
        const have = parseSemver(p.version);
        const want = parseSemver(req.version);
        if (!have) err = `Plugin '${p.name}' has invalid version string '${p.version}'`;
        else if (!want || !engineSatisfies(have, want)) {
          err = `Plugin '${p.name}' version '${p.version}' is not compatible with required plugin version '${req.version}'`;
        } else matched = true;
        break search;
      }
    }
    if (matched) continue;
    return err ?? `Plugin requirement not satisfied, must load one of: ${alternatives.map((r) => `${r.name} (>= ${r.version})`).join(', ')}`;
  }
  return undefined;
}
