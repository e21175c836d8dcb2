/**
 * Prints the configuration table generated from config/schema.ts; with `--write`, updates docs/configuration.md.
 *   npx tsx config/print-config-table.ts --write
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderConfigTable } from './config-table';

export const configDocPath = fileURLToPath(new URL('../docs/configuration.md', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const table = renderConfigTable();
  if (process.argv.includes('--write')) writeFileSync(configDocPath, table);
  else process.stdout.write(table);
}
