/**
 * `/kube-ci` comment commands (SPEC B §15, G17): the words are split shell-style by the maintained
 * `shell-quote` parser (pure JavaScript, so safe in the workflow sandbox), not by hand.
 */
import { parse, type ParseEntry } from 'shell-quote';

/** What a `/kube-ci` comment asks for. `help` carries the problem when the command was wrong. */
export type CommentCommand =
  | { kind: 'run'; entrypoint: string }
  | { kind: 'ok-to-test' }
  | { kind: 'retest' }
  | { kind: 'cancel' }
  | { kind: 'deploy'; environment: string; template?: string }
  | { kind: 'setup'; template: string }
  | { kind: 'help'; problem?: string };

/** The word a command comment starts with (A1: the original's). */
export const COMMAND_PREFIX = '/kube-ci';
/** The original's default environment of `/kube-ci deploy` (SPEC B 14.5). */
export const DEFAULT_DEPLOY_ENVIRONMENT = 'staging';
/** Longest argument taken (entrypoints and environments are bounded at 255 elsewhere too). */
const MAX_ARGUMENT = 255;

/**
 * The command in a comment's first non-blank line, or `null` when that line does not start with
 * `/kube-ci` (the comment is no command and gets no answer).
 *
 * Differences from the original (G17): any whitespace separates words (tabs, several spaces, `\r`), the
 * command may be followed by more lines of text, arguments are parsed shell-style with quotes (`"…"`, `'…'`;
 * `$X` stays literal; an unclosed quote runs to the end of the line, as shell-quote reads it), a `#` starts a
 * comment, and a shell operator (`;`, `|`, `&&`, …) or a wrong number of arguments is answered with help
 * naming the problem instead of being ignored. The command word is case-insensitive. Never throws.
 */
export function parseCommentCommand(body: string | null | undefined): CommentCommand | null {
  if (typeof body !== 'string') return null;
  const line = body.split('\n').find((l) => l.trim() !== '');
  if (line === undefined) return null;
  const trimmed = line.trim();
  const [prefix] = trimmed.split(/\s/, 1);
  if (prefix !== COMMAND_PREFIX) return null;
  const words = shellWords(trimmed.slice(COMMAND_PREFIX.length));
  if (typeof words === 'string') return { kind: 'help', problem: words };
  const [name, ...args] = words;
  if (name === undefined) return { kind: 'help' };
  const long = args.find((a) => a.length > MAX_ARGUMENT);
  if (long !== undefined) return { kind: 'help', problem: `an argument is over ${MAX_ARGUMENT} characters` };
  return commandOf(name.toLowerCase(), args);
}

function commandOf(name: string, args: string[]): CommentCommand {
  const none = (command: CommentCommand): CommentCommand =>
    args.length === 0 ? command : { kind: 'help', problem: `\`${name}\` takes no arguments` };
  switch (name) {
    case 'run':
      if (args.length > 1) return { kind: 'help', problem: '`run` takes at most one entrypoint' };
      return { kind: 'run', entrypoint: args[0] ?? '' };
    case 'ok-to-test':
      return none({ kind: 'ok-to-test' });
    case 'retest':
      return none({ kind: 'retest' });
    case 'cancel':
      return none({ kind: 'cancel' });
    case 'deploy': {
      if (args.length > 2)
        return { kind: 'help', problem: 'please specify one environment (and at most one template)' };
      const [environment = DEFAULT_DEPLOY_ENVIRONMENT, template] = args;
      if (environment === '') return { kind: 'help', problem: 'the environment is empty' };
      return { kind: 'deploy', environment, ...(template ? { template } : {}) };
    }
    case 'setup':
      if (args.length !== 1 || args[0] === '') return { kind: 'help', problem: 'you must specify one template' };
      return { kind: 'setup', template: args[0]! };
    case 'help':
      return { kind: 'help' };
    default:
      return { kind: 'help', problem: `unknown command \`${name}\`` };
  }
}

/** Shell words of one line (shell-quote), or what is wrong with them; `$X` stays literal, `#` ends the words. */
export function shellWords(text: string): string[] | string {
  let entries: ParseEntry[];
  try {
    entries = parse(text, (key) => `$${key}`);
  } catch (error) {
    return `the command could not be parsed: ${error instanceof Error ? error.message : String(error)}`;
  }
  const words: string[] = [];
  for (const entry of entries) {
    if (typeof entry === 'string') words.push(entry);
    else if ('comment' in entry) break;
    else if (entry.op === 'glob') words.push(entry.pattern);
    else return `shell operator \`${entry.op}\` is not supported; quote it`;
  }
  return words;
}
