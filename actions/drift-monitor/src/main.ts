import { notImplemented } from '@ml-actions/core/runner/not-implemented.js';

export async function run(): Promise<void> {
  await notImplemented('drift-monitor');
}
