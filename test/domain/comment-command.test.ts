import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommentCommand, type CommentCommand } from '../../domain/comment-command';

describe('parseCommentCommand', () => {
  const table: [string, string | null | undefined, CommentCommand | null][] = [
    ['plain run', '/kube-ci run', { kind: 'run', entrypoint: '' }],
    ['run with an entrypoint', '/kube-ci run lint', { kind: 'run', entrypoint: 'lint' }],
    ['extra spaces and tabs', '  /kube-ci \t  run   \t lint  ', { kind: 'run', entrypoint: 'lint' }],
    ['CRLF line end', '/kube-ci run lint\r\n', { kind: 'run', entrypoint: 'lint' }],
    ['a newline right after the command (G17)', '/kube-ci run\nthanks!', { kind: 'run', entrypoint: '' }],
    ['leading blank lines', '\n\n  \n/kube-ci retest\nmore text', { kind: 'retest' }],
    [
      'the first line of a longer comment',
      '/kube-ci ok-to-test\n\nLooks safe to me.\n/kube-ci cancel',
      { kind: 'ok-to-test' },
    ],
    ['double-quoted argument', '/kube-ci run "my build"', { kind: 'run', entrypoint: 'my build' }],
    ['single-quoted argument', "/kube-ci deploy 'eu west'", { kind: 'deploy', environment: 'eu west' }],
    ['$ stays literal', '/kube-ci run $HOME', { kind: 'run', entrypoint: '$HOME' }],
    ['a # comment ends the words', '/kube-ci run lint # please', { kind: 'run', entrypoint: 'lint' }],
    ['command word case-insensitive', '/kube-ci RETEST', { kind: 'retest' }],
    ['cancel', '/kube-ci cancel', { kind: 'cancel' }],
    ['deploy default environment', '/kube-ci deploy', { kind: 'deploy', environment: 'staging' }],
    [
      'deploy env and template',
      '/kube-ci deploy production release',
      { kind: 'deploy', environment: 'production', template: 'release' },
    ],
    ['setup', '/kube-ci setup go', { kind: 'setup', template: 'go' }],
    ['help', '/kube-ci help', { kind: 'help' }],
    ['only the prefix', '/kube-ci', { kind: 'help' }],
    ['unknown command', '/kube-ci frobnicate', { kind: 'help', problem: 'unknown command `frobnicate`' }],
    ['setup without template', '/kube-ci setup', { kind: 'help', problem: 'you must specify one template' }],
    ['two entrypoints', '/kube-ci run a b', { kind: 'help', problem: '`run` takes at most one entrypoint' }],
    ['retest with arguments', '/kube-ci retest now', { kind: 'help', problem: '`retest` takes no arguments' }],
    [
      'deploy with three',
      '/kube-ci deploy a b c',
      { kind: 'help', problem: 'please specify one environment (and at most one template)' },
    ],
    [
      'a shell operator',
      '/kube-ci run a; rm -rf /',
      { kind: 'help', problem: 'shell operator `;` is not supported; quote it' },
    ],
    ['not at the start of the first line', 'please /kube-ci run', null],
    ['on a later line only', 'LGTM\n/kube-ci run', null],
    ['a longer word', '/kube-cix run', null],
    ['another bot’s command', '/test all', null],
    ['empty', '', null],
    ['null body (G16)', null, null],
    ['undefined body', undefined, null],
  ];
  it.each(table)('%s', (_name, body, expected) => {
    expect(parseCommentCommand(body)).toEqual(expected);
  });

  it('bounds arguments', () => {
    expect(parseCommentCommand(`/kube-ci run ${'x'.repeat(256)}`)).toEqual({
      kind: 'help',
      problem: 'an argument is over 255 characters',
    });
  });

  it('never throws and answers null or a command for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (tail) => {
        const parsed = parseCommentCommand(`/kube-ci ${tail}`);
        expect(parsed).not.toBeNull();
        expect(parseCommentCommand(tail)?.kind ?? 'none').toBeTypeOf('string');
      }),
      { numRuns: 2000 },
    );
  });
});
