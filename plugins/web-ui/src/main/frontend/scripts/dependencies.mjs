// Runs `npm ci` when node_modules was not installed from the package-lock.json as it is now, and
// does nothing otherwise: a build after a change to the app's sources does not reinstall.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const lock = readFileSync('package-lock.json', 'utf8');
const stamp = 'node_modules/.installed-from-lock.json';
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lock) {
  process.exit(0);
}
execFileSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit' });
writeFileSync(stamp, lock);
