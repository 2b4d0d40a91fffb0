// Entry of the embedded reader's worker thread: a worker does not inherit this process's
// TypeScript loader, so it registers tsx itself (as bin/cobre.js does) before loading the worker.
import { register } from 'tsx/esm/api';

register();
await import('./pglite-reader-worker.ts');
