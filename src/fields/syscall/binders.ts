// Extractor factories of every syscall-source field, by field name, for
// createDefaultRegistry(syscallBinders). Extractors read an EvalContext (src/state/).
import type { FieldBinders } from '../index.js';
import { addContainerBinders } from './container-extractors.js';
import { addEvtBinders } from './evt-extractors.js';
import type { BinderMap } from './extractor-kit.js';
import { addFdBinders } from './fd-extractors.js';
import { addFsPathBinders } from './fspath-extractors.js';
import { addProcBinders } from './proc-extractors.js';
import { addUserBinders } from './user-extractors.js';

function build(): BinderMap {
  const m: BinderMap = new Map();
  addEvtBinders(m);
  addProcBinders(m);
  addFdBinders(m);
  addFsPathBinders(m);
  addUserBinders(m);
  addContainerBinders(m);
  m.set('util.cnt', () => { let n = 0; return () => ++n; });
  return m;
}

export const syscallBinders: FieldBinders = build();
