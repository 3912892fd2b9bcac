import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
const textFiles = tracked.filter((f) => /\.(ts|md|json|sql|sh)$|^\.ci\//.test(f) && f !== 'package-lock.json');

// Built from pieces so this file does not match itself: the old outside design file and its section citations.
const OUTSIDE = new RegExp(['DESIGN' + '\\.md', 'DESIGN' + ' §'].join('|'));

describe('the project documents itself', () => {
  it('opens the README with the command that starts the box and the one that runs the tests', () => {
    const lines = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n');
    expect(lines[0]).toBe('```');
    expect(lines[1]).toMatch(/^npm ci && npm start\s+#/);
    expect(lines[2]).toMatch(/^npm test\s+#/);
  });

  it('points at no file outside the repository (the architecture lives in docs/architecture.md)', () => {
    const outside = textFiles.filter((f) => {
      const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
      return OUTSIDE.test(text);
    });
    expect(outside).toEqual([]);
  });

  it('links from the README and docs/ only to files that exist', () => {
    const broken: string[] = [];
    for (const f of textFiles.filter((f) => f.endsWith('.md'))) {
      const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (!target || /^[a-z]+:/.test(target)) continue;
        const resolved = path.resolve(ROOT, path.dirname(f), target);
        if (!resolved.startsWith(ROOT + path.sep) || !fs.existsSync(resolved)) broken.push(`${f} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
