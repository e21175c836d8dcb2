import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigTable } from '../../config/config-table';
import { configDocPath } from '../../config/print-config-table';
import { schema, type Setting } from '../../config/schema';

const settings = Object.entries(schema) as [string, Setting<unknown>][];

describe('configuration schema', () => {
  it.each(settings.filter(([, s]) => s.default !== null))(
    'default of %s, as documented, passes its own validation',
    (_name, setting) => {
      // durations are stored in ms and documented as written (2s): the documented form must give the stored value
      const parsed = setting.kind.parse(setting.shownDefault ?? setting.default);
      expect(parsed).toEqual({ ok: true, value: setting.default });
    },
  );

  it('uses each environment variable, flag and file key once', () => {
    const unique = (values: (string | undefined)[]) => {
      const present = values.filter((v): v is string => v !== undefined);
      expect(new Set(present).size).toBe(present.length);
    };
    unique(settings.map(([, s]) => s.env));
    unique(settings.map(([, s]) => s.flag));
    unique(settings.map(([, s]) => (s.file ? `${s.file.in}:${s.file.key}` : undefined)));
  });

  it('can be set from somewhere: every setting has an env var, a flag or a file key', () => {
    expect(settings.filter(([, s]) => !s.env && !s.flag && !s.file).map(([name]) => name)).toEqual([]);
  });

  it('keeps secrets out of files', () => {
    // a secret with a file key would invite committing it; temporal.yaml's apiKey is the documented exception
    expect(settings.filter(([, s]) => s.secret && s.file).map(([, s]) => s.file?.key)).toEqual(['apiKey']);
  });
});

describe('docs/configuration.md', () => {
  it('is what the schema generates (run `npx tsx config/print-config-table.ts --write`)', () => {
    expect(readFileSync(configDocPath, 'utf8')).toBe(renderConfigTable());
  });

  it('lists every environment variable', () => {
    const doc = renderConfigTable();
    for (const [, setting] of settings) if (setting.env) expect(doc).toContain(`\`${setting.env}\``);
  });
});
