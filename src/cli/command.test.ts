import { defineCommand, type CommandIo } from './command';

function io(): CommandIo & { out: () => { stdout: string; stderr: string } } {
  let stdout = '';
  let stderr = '';
  return {
    env: {},
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    out: () => ({ stdout, stderr }),
  };
}

const calls: string[][] = [];
const command = defineCommand({
  name: 'demo',
  usage: 'usage: demo [--count N] WORD',
  options: { count: { type: 'string' }, loud: { type: 'boolean' } },
  positionals: true,
  async run({ values, positionals }, { stdout }) {
    if (positionals[0] === 'throw') throw new Error('the store is gone\nsecond line');
    if (positionals[0] === 'reject') throw 'a string';
    calls.push([...positionals, values.count ?? '-']);
    stdout.write('done\n');
    return positionals.length === 0 ? 2 : 0;
  },
});

describe('defineCommand', () => {
  test.each([
    ['--help', ['--help'], 0, 'usage: demo [--count N] WORD\n', ''],
    ['-h', ['-h'], 0, 'usage: demo [--count N] WORD\n', ''],
    ['--help beside other words', ['word', '--count', '3', '--help'], 0, 'usage: demo [--count N] WORD\n', ''],
    [
      'an unknown flag',
      ['word', '--counts', '3'],
      2,
      '',
      "demo: Unknown option '--counts'\nusage: demo [--count N] WORD\n",
    ],
    [
      'a string flag without its value',
      ['word', '--count'],
      2,
      '',
      expect.stringMatching(/^demo: Option '--count <value>' argument missing\nusage:/),
    ],
    [
      'a value given to a boolean flag',
      ['--loud=yes'],
      2,
      '',
      expect.stringMatching(/^demo: Option '--loud' does not take an argument\nusage:/),
    ],
    ['a thrown error', ['throw'], 1, '', 'demo: the store is gone\nsecond line\n'],
    ['a thrown non-error', ['reject'], 1, '', 'demo: a string\n'],
    ['the command’s own code', [], 2, 'done\n', ''],
    ['a run', ['word', '--count', '3'], 0, 'done\n', ''],
  ])('%s', async (_name, argv, code, stdout, stderr) => {
    const streams = io();
    expect(await command(argv, streams)).toBe(code);
    expect(streams.out()).toEqual({ stdout, stderr });
  });

  test('--help and refusals never reach the command', async () => {
    calls.length = 0;
    await command(['word', '--help'], io());
    await command(['word', '--nope'], io());
    expect(calls).toEqual([]);
  });

  test('a command without words refuses one', async () => {
    const streams = io();
    const bare = defineCommand({
      name: 'bare',
      usage: 'usage: bare',
      options: {},
      positionals: false,
      run: async () => 0,
    });
    expect(await bare(['extra'], streams)).toBe(2);
    expect(streams.out().stderr).toMatch(/^bare: Unexpected argument 'extra'/);
  });
});
