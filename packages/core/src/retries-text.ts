/** `1 retry`, `3 retries`: how the log line, the table and the JUnit file count retries. */
export function retriesText(retries: number): string {
  return `${retries} ${retries === 1 ? 'retry' : 'retries'}`;
}
