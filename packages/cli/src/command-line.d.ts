export interface CliOption {
  name: string;
  flag?: boolean;
  value?: string;
  description: string;
}
export const CLI_OPTIONS: CliOption[];
