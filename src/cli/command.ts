import type { ParseArgsConfig } from 'node:util';
import type { Io } from './io.js';

export type ArgValues = Record<string, string | boolean | undefined>;

/** One CLI command: its words (`staff add`), its flags for node:util parseArgs, its help, and what it does. */
export interface Command {
  words: string[];
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** How many words may follow the command (e.g. a file name); none unless said. */
  positionals?: number;
  run(values: ArgValues, io: Io, positionals: string[]): Promise<number>;
}

export const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
