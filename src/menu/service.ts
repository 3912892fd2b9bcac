import type { CommandDeps } from '../db/command.js';

/** Menu commands and queries. */
export class MenuService {
  constructor(private readonly deps: CommandDeps) {}
}
