// A clock for the policy tests: real time plus an offset the test moves forward (never back, so
// event chains keep their order), given to the server as StartOptions.now.
const DAY_MS = 86_400_000;

export class TestClock {
  private offsetMs = 0;
  readonly now = (): Date => new Date(Date.now() + this.offsetMs);

  advanceDays(days: number): void {
    this.offsetMs += days * DAY_MS;
  }

  advanceMs(ms: number): void {
    this.offsetMs += ms;
  }
}

export const daysAfter = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY_MS).toISOString();
