import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CommandIO } from './context.ts';
import { COMMANDS, commandsFor } from './index.ts';

const io: CommandIO = { stdout: () => {}, stderr: () => {}, isTTY: false, env: {}, cwd: '.', signal: new AbortController().signal };

describe('command registry', () => {
  it('each entry loads a module that registers exactly the command it is listed under', async () => {
    for (const entry of COMMANDS) {
      const program = new Command();
      (await entry.load())(program, io, () => {});
      expect(program.commands.map((c) => c.name())).toEqual([entry.name]);
    }
  });

  it('--version loads no command; a named command loads only itself; help and unknown names load all', () => {
    expect(commandsFor(['--version'])).toEqual([]);
    expect(commandsFor(['-V'])).toEqual([]);
    expect(commandsFor(['merge', 'a', 'b']).map((c) => c.name)).toEqual(['merge']);
    expect(commandsFor(['help', 'rollout']).map((c) => c.name)).toEqual(['rollout']);
    for (const argv of [[], ['--help'], ['help'], ['evl']]) expect(commandsFor(argv)).toBe(COMMANDS);
  });
});
