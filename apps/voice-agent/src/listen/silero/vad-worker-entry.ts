/**
 * The VAD worker thread's entry: serves {@link VadService} on this thread. Started by
 * {@link SileroVad}; never imported by the main thread.
 */
import { serveModel } from '@parley/core/runtime';
import type { VadProtocol } from './protocol.js';
import { VadService } from './vad-service.js';

serveModel<VadProtocol>(new VadService());
