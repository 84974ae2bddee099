// The result of one start-up action: go on, stop successfully, or stop with an error.
// Actions return one of these and never call process.exit themselves.
export type RunResult =
  | { readonly kind: 'ok' }
  | { readonly kind: 'exit'; readonly code: number }
  | { readonly kind: 'fatal'; readonly message: string; readonly code?: number };

export const ok = (): RunResult => ({ kind: 'ok' });
export const exit = (code = 0): RunResult => ({ kind: 'exit', code });
export const fatal = (message: string, code = 1): RunResult => ({ kind: 'fatal', message, code });
