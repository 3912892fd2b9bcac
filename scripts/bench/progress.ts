/** Progress goes to stderr, so stdout keeps only the results table. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
