import * as os from 'node:os';
import * as path from 'node:path';
import {
  getBooleanInput,
  getChoiceInput,
  getListInput,
  getOptionalInput,
  getRequiredInput,
  parseNumberInput,
} from '@ml-actions/core/inputs/action-inputs.js';
import { assertContainedDataFiles } from '@ml-actions/core/data/data-sources.js';
import {
  assertContainedInputs,
  resolveContainedInputPath,
} from '@ml-actions/core/inputs/input-files.js';
import { UserError } from '@ml-actions/core/inputs/user-error.js';
import { FORMAT_CHOICES, type FormatChoice } from '@ml-actions/core/artifact/model-format.js';
import {
  defaultVersion,
  validateName,
  validateVersion,
} from '@ml-actions/core/artifact/package-model.js';

/** The `default:` of each optional input in action.yml, as the code uses it. */
export const BUILD_ARTIFACT_DEFAULTS = {
  format: 'auto',
  upload: true,
} as const;

export interface BuildArtifactInputs {
  /** Absolute; inside the workspace or RUNNER_TEMP. */
  modelPath: string;
  name: string;
  version: string;
  format: FormatChoice;
  /** The metrics file as given (read by the action with the input's name on errors). */
  metrics?: string;
  /** YAML or JSON, inline or a file path. */
  metadata?: string;
  include: string[];
  referenceData?: string;
  /** Columns of the reference data left out of its profile (identifiers, free text). */
  referenceExcludeColumns: string[];
  /** Absolute: the input (inside the workspace or RUNNER_TEMP) or $RUNNER_TEMP/ml-actions/<name>-<version>. */
  outputDir: string;
  upload: boolean;
  retentionDays?: number;
  /** `<name>-<version>`. */
  artifactName: string;
}

export async function readBuildArtifactInputs(): Promise<BuildArtifactInputs> {
  const modelPath = await resolveContainedInputPath('model-path', getRequiredInput('model-path'));
  const name = validateName(getRequiredInput('name'));
  const version = validateVersion(getOptionalInput('version') ?? defaultVersion());
  const format = getChoiceInput('format', FORMAT_CHOICES, BUILD_ARTIFACT_DEFAULTS.format);
  const metrics = getOptionalInput('metrics');
  const metadata = getOptionalInput('metadata');
  const referenceData = getOptionalInput('reference-data');
  const upload = getBooleanInput('upload', BUILD_ARTIFACT_DEFAULTS.upload);
  const retention = getOptionalInput('retention-days');
  const retentionDays =
    retention === undefined
      ? undefined
      : parseNumberInput('retention-days', retention, { min: 1, max: 90, integer: true });
  const artifactName = `${name}-${version}`;
  const outputDirInput = getOptionalInput('output-dir');
  // The default is our own scratch place, not the user's: only a given directory is checked.
  const outputDir =
    outputDirInput === undefined
      ? path.resolve(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'ml-actions', artifactName))
      : await resolveContainedInputPath('output-dir', outputDirInput);
  await assertContainedInputs({ metrics, metadata });
  if (referenceData !== undefined)
    await assertContainedDataFiles('reference-data', [referenceData]);
  const referenceExcludeColumns = getListInput('reference-exclude-columns');
  if (referenceExcludeColumns.length > 0 && referenceData === undefined) {
    throw new UserError(
      'needs reference-data (the data whose profile it trims).',
      'reference-exclude-columns',
    );
  }
  return {
    modelPath,
    name,
    version,
    format,
    metrics,
    metadata,
    include: getListInput('include'),
    referenceData,
    referenceExcludeColumns,
    outputDir,
    upload,
    retentionDays,
    artifactName,
  };
}
