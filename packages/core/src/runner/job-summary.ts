import * as core from '@actions/core';

/**
 * Appends markdown to the job summary. Outside a runner (no GITHUB_STEP_SUMMARY) it
 * logs a note instead of failing, so local runs still work.
 */
export async function appendJobSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info('No GITHUB_STEP_SUMMARY file; job summary not written.');
    return;
  }
  await core.summary.addRaw(markdown, true).write();
  core.summary.emptyBuffer();
}
