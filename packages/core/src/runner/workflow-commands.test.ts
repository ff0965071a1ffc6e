import { neutraliseWorkflowCommands } from './workflow-commands.js';

describe('neutraliseWorkflowCommands', () => {
  it('breaks commands at the start of any line, leading blanks included', () => {
    const out = neutraliseWorkflowCommands('model.json\n::add-mask::sha256\r\n  ::error::x');
    for (const line of out.split(/\r\n|\r|\n/))
      expect(line.trimStart().startsWith('::')).toBe(false);
    expect(out.split(/\r\n|\r|\n/)).toHaveLength(3);
  });

  it('breaks the legacy ##[ form anywhere in a line', () => {
    expect(neutraliseWorkflowCommands('a ##[set-output name=x]y')).not.toContain('##[');
  });

  it('leaves ordinary text as it is', () => {
    expect(neutraliseWorkflowCommands('accuracy 0.93 :: fine')).toBe('accuracy 0.93 :: fine');
  });
});
