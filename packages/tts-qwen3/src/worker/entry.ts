/**
 * The engine worker thread's entry: serves {@link EngineService} on this thread. Started by
 * {@link EngineWorker}; never imported by the main thread.
 */
import { serveModel } from '@parley/core/runtime';
import { EngineService } from './engine-service.js';
import type { EngineProtocol } from './protocol.js';

serveModel<EngineProtocol>(new EngineService());
