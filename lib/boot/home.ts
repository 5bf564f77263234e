import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { switchboardHomeSetting } from '../env';

// The folder npm start keeps what it generates in: app-secret, the embedded
// services' data and passwords, embedded.json. SWITCHBOARD_HOME moves it (tests
// use a temporary one); the default is .switchboard/ in the project.

export function switchboardHome(projectDir: string): string {
  const setting = switchboardHomeSetting();
  return setting ? path.resolve(setting) : path.join(projectDir, '.switchboard');
}

/** A secret kept in a file of its own (mode 0600), generated on first use. */
export function ensureSecretFile(file: string, bytes = 48): string {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, randomBytes(bytes).toString('base64url') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as { code?: string }).code !== 'EEXIST') throw err;
  }
  return readFileSync(file, 'utf8').trim();
}
