// The workflow commands an action prints on stdout (`::error file=a,line=3::message`), parsed
// the way the runner reads them. The CLI's log view and the test harness both use this parser.

export interface WorkflowCommand {
  command: string;
  /** `key=value` pairs between the command name and `::`, decoded. */
  properties: Record<string, string>;
  message: string;
}

/** Splits `::name key=value,key=value::message` into its parts (undefined for a plain line). */
export function parseWorkflowCommand(line: string): WorkflowCommand | undefined {
  const m = /^::([A-Za-z][\w-]*)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) return undefined;
  const properties: Record<string, string> = {};
  for (const pair of (m[2] ?? '').split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) properties[pair.slice(0, eq).trim()] = decodeCommandValue(pair.slice(eq + 1));
  }
  return { command: m[1], properties, message: decodeCommandValue(m[3]) };
}

/** Undoes @actions/core's escaping of command values (%25 last, so '%250A' stays '%0A'). */
export function decodeCommandValue(value: string): string {
  return value
    .replace(/%0D/gi, '\r')
    .replace(/%0A/gi, '\n')
    .replace(/%3A/gi, ':')
    .replace(/%2C/gi, ',')
    .replace(/%25/g, '%');
}
