import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * A full garbage collection, for long streaming jobs (imports, carnês) whose chunks live across
 * database round trips: V8 promotes them to the old generation and lets it grow by hundreds of MB
 * before collecting. Collecting every few thousand rows/pages keeps the peak near the live set.
 * Where the runtime refuses to expose gc, nothing happens.
 */
let fullGc: (() => void) | null | undefined;
export function collectGarbage(): void {
  if (fullGc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      fullGc = vm.runInNewContext('gc') as () => void;
    } catch {
      fullGc = null;
    }
  }
  fullGc?.();
}
