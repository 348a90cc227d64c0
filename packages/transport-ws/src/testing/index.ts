/**
 * Test helpers for parley's HTTP servers, for this repository's tests only: exported under the
 * "@parley/source" condition and left out of the build. They need `fast-check`.
 * @packageDocumentation
 */
export { rawRequest, type RawAnswer } from './raw-http.js';
export { hostileRequests, URL_BREAKERS, type HostileRequestOptions } from './hostile-requests.js';
export { assertSurvivesHostileRequests, type HostileRunOptions } from './assert-survives.js';
