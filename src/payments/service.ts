import type { CommandDeps } from '../db/command.js';

/** Payments commands and queries. */
export class PaymentsService {
  constructor(private readonly deps: CommandDeps) {}
}
