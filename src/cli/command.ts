import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where a command writes: the process's stdout and stderr, or a test's buffers. */
export interface Output {
  write(text: string): unknown;
  /** A terminal gets progress lines redrawn in place; a pipe or a file does not. */
  isTTY?: boolean;
}

/** What a command may touch of the world: its settings and its two outputs. */
export interface CommandIo {
  env: NodeJS.ProcessEnv;
  stdout: Output;
  stderr: Output;
}

/** An operator command as a function: the arguments after `npm run <name> --`, and its exit code. */
export type Command = (argv: string[], io: CommandIo) => Promise<number>;

export type Options = NonNullable<ParseArgsConfig['options']>;
/** A command line parsed against a command's options: `values` by flag, and the other words. */
export type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>
>;

export interface CommandSpec<O extends Options> {
  /** As in `npm run <name>`: the prefix of every error line. */
  name: string;
  usage: string;
  options: O;
  /** Whether the command takes words besides its flags (a subcommand, a type, a file). */
  positionals: boolean;
  run(args: Parsed<O>, io: CommandIo): Promise<number>;
}

/** Exit code for a command line the usage does not allow, as the commands have always used. */
export const USAGE_EXIT = 2;

/**
 * The part every command shares: `--help` (or `-h`) prints the usage and exits 0 before anything
 * is read or written; an unknown flag or a stray word exits 2 with the usage on stderr; a
 * failure prints one line per message, never a stack trace, and exits 1.
 */
export function defineCommand<O extends Options>(spec: CommandSpec<O>): Command {
  return async (argv, io) => {
    let parsed: Parsed<O>;
    let help: boolean;
    try {
      const { values, positionals } = parseArgs({
        args: argv,
        options: { ...spec.options, help: { type: 'boolean', short: 'h' } },
        allowPositionals: spec.positionals,
        strict: true,
      });
      const { help: asked, ...rest } = values as { help?: boolean };
      help = asked === true;
      parsed = { values: rest, positionals } as Parsed<O>;
    } catch (error) {
      // Node's text goes on to explain `--` for positionals; the usage below says what is meant.
      const problem = messageOf(error).replace(/\. To specify a positional argument[\s\S]*$/, '');
      io.stderr.write(`${spec.name}: ${problem}\n${spec.usage}\n`);
      return USAGE_EXIT;
    }
    if (help) {
      io.stdout.write(`${spec.usage}\n`);
      return 0;
    }
    try {
      return await spec.run(parsed, io);
    } catch (error) {
      io.stderr.write(`${spec.name}: ${messageOf(error)}\n`);
      return 1;
    }
  };
}

/** The thin process wrapper: `node dist/cli/<file>.js …` or `tsx src/cli/<file>.ts …`. */
export function runAsProcess(command: Command): void {
  command(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr }).then(
    // exit() rather than exitCode: a store's driver may hold timers that would keep the process up.
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${messageOf(error)}\n`);
      process.exit(1);
    },
  );
}

function messageOf(error: unknown): string {
  // Not `instanceof Error`: errors made in another realm (a vm context, a worker) are Errors too.
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
