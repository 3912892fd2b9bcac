/** The platforms the cloud knows (issue 21). Adding one: a file in this folder, and a line here. */
import { deliveroo } from './deliveroo.js';
import { generic } from './generic.js';
import type { PlatformAdapter } from './types.js';
import { uberEats } from './uber-eats.js';

export const PLATFORMS: ReadonlyMap<string, PlatformAdapter> = new Map([uberEats, deliveroo, generic].map((p) => [p.name, p]));
