// Rebuilds dist/ before `npm start` and `npm test` (the durability test runs the built server) only when a
// source file is newer than the last build, so that a fresh clone (built by `npm ci` through `prepare`) starts
// at once and an edited tree never runs stale code.
const fs = require('node:fs');
const path = require('node:path');
const { execSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const stamp = path.join(root, 'dist', '.tsbuildinfo');

function newest(dir) {
  let t = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
if (newest(path.join(root, 'src')) > built || !fs.existsSync(path.join(root, 'dist', 'main.js'))) {
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
}
