/**
 * `@parley/core/http`: calling an HTTP service the parley way — a {@link Deadline} that aborts a
 * request and says which limit it hit, and the service's failures read into `ParleyError`s with
 * the codes of core's one error table ({@link errorFromResponse}, {@link errorFromFailure}). The
 * voice agent's STT and LLM clients use them.
 * @packageDocumentation
 */
export * from './http/http-errors.js';
export * from './http/deadline.js';
