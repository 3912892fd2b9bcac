import type { CommandDeps } from '../db/command.js';

/** Tables commands and queries. */
export class TablesService {
  constructor(private readonly deps: CommandDeps) {}
}
