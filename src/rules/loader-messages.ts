// Fixed message texts the loader shares between item readers (Falco's wording: tools and
// the conformance suite match on them).

export const WARNING_APPEND =
  "'append' key is deprecated. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.";

export const WARNING_ENABLED =
  "The standalone 'enabled' key usage is deprecated. The correct approach requires also a 'replace' entry under the 'override' key (i.e. 'enabled: replace').";

export const ERROR_OVERRIDE_APPEND =
  "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.";

export const RGX_IDENTIFIER = '([a-zA-Z]+[a-zA-Z0-9_]*)';
export const RGX_BARESTR = `([^()"'[:space:]=,]+)`;
