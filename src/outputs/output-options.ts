// Reading output options the way falco.yaml writes them (booleans may arrive as strings).

export const isTrue = (v: unknown): boolean => v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
