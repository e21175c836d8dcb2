/** Reading the files settings point at: secrets, the installation-id list, TLS material. */

/** Reads a whole text file; throws (with a `code` such as ENOENT) when it cannot. */
export type ReadFile = (path: string) => string;

export type FileRead = { ok: true; text: string } | { ok: false; error: string };

export function tryRead(readFile: ReadFile, path: string): FileRead {
  try {
    return { ok: true, text: readFile(path) };
  } catch (err) {
    const { code, message } = err as { code?: string; message?: string };
    return { ok: false, error: code ?? message ?? String(err) };
  }
}

/** The original's `-idsfile` rules: lines trimmed, blank lines skipped, anything but an integer is fatal. */
export function parseInstallationIds(text: string): { ids: number[]; errors: string[] } {
  const ids: number[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '') return;
    if (/^\d+$/.test(trimmed) && Number.isSafeInteger(Number(trimmed))) ids.push(Number(trimmed));
    else errors.push(`line ${index + 1}: ${JSON.stringify(trimmed)} is not an installation id (an integer)`);
  });
  return { ids, errors };
}

/** The ids file, as the original read it; problems name the file and line. */
export function readInstallationIds(
  readFile: ReadFile,
  path: string,
  where: string,
): { ids: number[]; problems: string[] } {
  if (path === '') return { ids: [], problems: [] };
  const text = tryRead(readFile, path);
  if (!text.ok)
    return {
      ids: [],
      problems: [`${where}: cannot read the installation ids file ${JSON.stringify(path)}: ${text.error}`],
    };
  const parsed = parseInstallationIds(text.text);
  return { ids: parsed.ids, problems: parsed.errors.map((error) => `${where} (${path}): ${error}`) };
}

export interface SecretSpec {
  /** what the secret is, for messages */
  what: string;
  /** value given directly (env), '' when not */
  inline: { value: string; where: string };
  /** file holding it, used when there is no inline value */
  file: { path: string; where: string; explicit: boolean };
  /** extra check of the trimmed value; returns a problem or undefined */
  check?: (value: string) => string | undefined;
}

/** Inline value or file contents, trimmed of whitespace as the original did; problems name their source. */
export function readSecret(readFile: ReadFile, spec: SecretSpec): { value: string; problems: string[] } {
  const { inline, file } = spec;
  if (inline.value !== '' && file.explicit) {
    return { value: '', problems: [`${inline.where} and ${file.where}: set only one of them for the ${spec.what}`] };
  }
  let value: string;
  let where: string;
  if (inline.value !== '') {
    value = inline.value.trim();
    where = inline.where;
  } else {
    const read = tryRead(readFile, file.path);
    if (!read.ok)
      return {
        value: '',
        problems: [`${file.where}: cannot read the ${spec.what} from ${JSON.stringify(file.path)}: ${read.error}`],
      };
    value = read.text.trim();
    where = `${file.where} (${file.path})`;
  }
  if (value === '') return { value: '', problems: [`${where}: the ${spec.what} is empty`] };
  const problem = spec.check?.(value);
  return problem ? { value: '', problems: [`${where}: ${problem}`] } : { value, problems: [] };
}

export const looksLikePem = (value: string): string | undefined =>
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value)
    ? undefined
    : 'is not a PEM private key (no "-----BEGIN … PRIVATE KEY-----" line)';
