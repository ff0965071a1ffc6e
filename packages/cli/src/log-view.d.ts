export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}
export interface Progress {
  done?: number;
  total?: number;
  ratio: number;
}
export function parseWorkflowCommand(line: string): WorkflowCommand | undefined;
export function decodeCommandValue(value: string): string;
export function parseProgress(text: string): Progress | undefined;
