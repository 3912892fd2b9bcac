import type { CommandDeps } from '../db/command.js';

/** Orders commands and queries. */
export class OrdersService {
  constructor(private readonly deps: CommandDeps) {}
}
