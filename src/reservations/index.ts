/** The door (issue 20): bookings, their settings and exceptions, and the waitlist, as one service group. */
import type { CommandDeps } from '../db/command.js';
import { ReservationService } from './service.js';
import { DoorSettingsService } from './settings-service.js';
import { WaitlistService } from './waitlist-service.js';
import { WaitEstimateWatch } from './wait-watch.js';

export class DoorServices {
  readonly bookings: ReservationService;
  readonly settings: DoorSettingsService;
  readonly waitlist: WaitlistService;
  readonly estimates: WaitEstimateWatch;

  constructor(deps: CommandDeps) {
    this.bookings = new ReservationService(deps);
    this.settings = new DoorSettingsService(deps);
    this.waitlist = new WaitlistService(deps);
    this.estimates = new WaitEstimateWatch(deps);
  }
}
