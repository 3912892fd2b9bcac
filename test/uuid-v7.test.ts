import { describe, expect, it } from 'vitest';
import { validate, version } from 'uuid';
import { uuidv7 } from '../src/lib/uuid-v7.js';

describe('UUIDv7 ids', () => {
  it('are valid version-7 UUIDs carrying the creation millisecond', () => {
    const at = Date.UTC(2026, 10, 22, 3, 30);
    const id = uuidv7(at);
    expect(validate(id)).toBe(true);
    expect(version(id)).toBe(7);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
    expect(id[19]).toMatch(/[89ab]/);
  });

  it('sort in creation order even when thousands share one millisecond, and never repeat', () => {
    const at = Date.UTC(2026, 10, 22, 4, 0);
    const ids = Array.from({ length: 10_000 }, () => uuidv7(at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keep sorting forward when the clock steps back', () => {
    const a = uuidv7(Date.UTC(2026, 10, 22, 5, 0, 1));
    const b = uuidv7(Date.UTC(2026, 10, 22, 5, 0, 0));
    expect(b > a).toBe(true);
  });
});
