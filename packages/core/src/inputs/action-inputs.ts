import * as core from '@actions/core';
import { UserError } from './user-error.js';

/** Typed readers for action inputs: each validates once at the edge and names the input on error. */

export function getOptionalInput(name: string): string | undefined {
  const value = core.getInput(name).trim();
  return value === '' ? undefined : value;
}

export function getRequiredInput(name: string): string {
  const value = getOptionalInput(name);
  if (value === undefined) throw new UserError('is required but was not given.', name);
  return value;
}

export function getBooleanInput(name: string, fallback: boolean): boolean {
  const value = getOptionalInput(name);
  if (value === undefined) return fallback;
  if (/^(true|yes|on|1)$/i.test(value)) return true;
  if (/^(false|no|off|0)$/i.test(value)) return false;
  throw new UserError(`expected true or false, got '${value}'.`, name);
}

export interface NumberBounds {
  min?: number;
  max?: number;
  integer?: boolean;
}

export function parseNumberInput(name: string, value: string, bounds: NumberBounds = {}): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw new UserError(`expected a number, got '${value}'.`, name);
  }
  if (bounds.integer && !Number.isInteger(n)) {
    throw new UserError(`expected a whole number, got '${value}'.`, name);
  }
  if (bounds.min !== undefined && n < bounds.min) {
    throw new UserError(`must be at least ${bounds.min}, got ${value}.`, name);
  }
  if (bounds.max !== undefined && n > bounds.max) {
    throw new UserError(`must be at most ${bounds.max}, got ${value}.`, name);
  }
  return n;
}

export function getNumberInput(name: string, fallback: number, bounds: NumberBounds = {}): number {
  const value = getOptionalInput(name);
  return value === undefined ? fallback : parseNumberInput(name, value, bounds);
}

export function getChoiceInput<T extends string>(
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const value = getOptionalInput(name);
  if (value === undefined) return fallback;
  const match = choices.find((c) => c === value.toLowerCase());
  if (!match) {
    throw new UserError(`expected one of ${choices.join(', ')}, got '${value}'.`, name);
  }
  return match;
}

/** A list given one per line or comma-separated; blanks dropped. */
export function getListInput(name: string): string[] {
  const value = getOptionalInput(name);
  if (value === undefined) return [];
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * An optional input that holds a secret: registered with the runner so that it is masked in
 * every log line, whether or not the workflow passed it from `secrets`.
 */
export function getSecretInput(name: string): string | undefined {
  const value = getOptionalInput(name);
  if (value !== undefined) maskSecret(value);
  return value;
}

/** Masks a value in every later log line (a part of a secret input that may be logged alone). */
export function maskSecret(value: string): void {
  core.setSecret(value);
}
