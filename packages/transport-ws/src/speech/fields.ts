import { ParleyError } from '@parley/core';

/*
 * Field readers shared by the WebSocket `session.config` and the REST request body. Each reads
 * one field of a parsed JSON object, returns it typed, and throws ParleyError INVALID_INPUT
 * naming the field when it has the wrong type. Unknown fields are ignored, as vLLM-Omni's
 * pydantic models do, so clients written for it can send their extras.
 */

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

/** The audio encodings this server writes. */
export type ResponseFormat = 'pcm' | 'wav';

/** `value` as an object, or INVALID_INPUT. */
export function asObject(value: unknown, what: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${what} must be a JSON object`);
  }
  return value as JsonObject;
}

/** A string field, or undefined when absent or null. */
export function optionalString(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`${key} must be a string`);
  return value;
}

/** A boolean field, or `fallback` when absent or null. */
export function booleanField(object: JsonObject, key: string, fallback: boolean): boolean {
  const value = object[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw invalid(`${key} must be a boolean`);
  return value;
}

/** An integer field no smaller than `min`, or undefined when absent or null. */
export function optionalInteger(object: JsonObject, key: string, min: number): number | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw invalid(`${key} must be an integer ≥ ${min}`);
  }
  return value;
}

/** `response_format`: "pcm" or "wav"; vLLM-Omni's default is "wav", so ours is too. */
export function responseFormat(object: JsonObject): ResponseFormat {
  const value = object.response_format ?? 'wav';
  if (value !== 'pcm' && value !== 'wav') {
    throw invalid(`response_format must be "pcm" or "wav", got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * `speed`: accepted when absent or 1. Engines speak at their own pace and the server does not
 * time-stretch, so any other value is refused rather than silently ignored.
 */
export function checkSpeed(object: JsonObject): void {
  const value = object.speed;
  if (value === undefined || value === null || value === 1) return;
  if (typeof value !== 'number') throw invalid('speed must be a number');
  throw invalid(`speed ${value} is not supported: only 1.0`);
}

/** INVALID_INPUT with `message`. */
export function invalid(message: string): ParleyError {
  return new ParleyError('INVALID_INPUT', message);
}
