import { ParleyError } from '@parley/core';

/**
 * Anything that says whether work was cancelled. An `AbortSignal` is one; so is the worker's
 * view of a shared-memory flag, which the main thread can set while the worker is busy.
 */
export interface CancelSignal {
  readonly aborted: boolean;
}

/**
 * Throws ParleyError CANCELLED when `signal` is aborted. The generation loop calls this before
 * every ONNX run, so after a cancel no further run starts: the engine stops at its next step
 * (docs/architecture.md#streams-are-observables).
 */
export function throwIfCancelled(signal: CancelSignal | undefined): void {
  if (signal?.aborted) throw new ParleyError('CANCELLED', 'synthesis cancelled');
}
