import type { Manifest } from '../artifact/manifest.js';
import type { TensorSpec } from '../model/model-types.js';
import { escapeMarkdown } from './escape.js';
import { formatBytes } from './format-bytes.js';

export interface SummaryExtras {
  artifactName: string;
  artifactId?: number;
  sizeBytes: number;
}

const cell = (text: string): string => escapeMarkdown(text);
/** Shapes are numbers and `?` only, safe inside a code span. */
const shape = (spec: TensorSpec): string =>
  spec.shape ? `[${spec.shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]` : 'unknown';

/** The job summary of build-artifact: model, signature, size, digest and lineage. */
export function renderPackageSummary(manifest: Manifest, extras: SummaryExtras): string {
  const lines = [
    `## Model package ${cell(manifest.name)} ${cell(manifest.version)}`,
    '',
    '| | |',
    '|---|---|',
    `| Artifact | ${cell(extras.artifactName)}${extras.artifactId !== undefined ? ` (id ${extras.artifactId})` : ' (not uploaded)'} |`,
    `| Format | ${cell(manifest.format)} |`,
    `| Digest | \`${manifest.digest}\` |`,
    `| Size | ${formatBytes(extras.sizeBytes)} in ${manifest.files.length} file${manifest.files.length === 1 ? '' : 's'} |`,
  ];
  if (manifest.reference_profile)
    lines.push(`| Reference profile | ${cell(manifest.reference_profile)} |`);
  if (manifest.signature) {
    lines.push('', '### Signature', '', '| | name | dtype | shape |', '|---|---|---|---|');
    for (const [kind, specs] of [
      ['input', manifest.signature.inputs],
      ['output', manifest.signature.outputs],
    ] as const) {
      for (const spec of specs) {
        lines.push(`| ${kind} | ${cell(spec.name)} | ${cell(spec.dtype)} | \`${shape(spec)}\` |`);
      }
    }
  }
  const lineage = Object.entries(manifest.lineage).filter(([, v]) => v);
  if (lineage.length) {
    lines.push('', '### Lineage', '', '| | |', '|---|---|');
    for (const [key, value] of lineage) lines.push(`| ${cell(key)} | ${cell(String(value))} |`);
  }
  return lines.join('\n') + '\n';
}
