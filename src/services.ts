import type { CommandDeps } from './db/command.js';
import { AuthService, type AuthSettings } from './auth/service.js';
import { SetupService } from './setup/service.js';
import { StaffService } from './staff/service.js';
import { MenuService } from './menu/service.js';
import { TablesService } from './tables/service.js';
import { OrdersService } from './orders/service.js';
import { PaymentsService } from './payments/service.js';
import { KitchenService } from './kitchen/service.js';
import { StockService } from './stock/service.js';
import { PrintingService } from './printing/service.js';
import { PrinterAlerts } from './printing/alerts.js';
import { DiscoveryService } from './discovery/service.js';
import { SyncService } from './sync/service.js';
import { ReportsService } from './reports/service.js';
import { InboxService } from './inbox/service.js';
import { CustomerService } from './customers/service.js';
import { DoorServices } from './reservations/index.js';
import { AllotmentPusher } from './reservations/allotment-push.js';
import { LoyaltyService } from './loyalty/service.js';
import { DeliveryService } from './delivery/service.js';
import type { SyncSettings } from './config.js';
import { GuestOrderingService } from './guests/service.js';

/** Every domain service, built once from the shared command dependencies. */
export interface Services {
  setup: SetupService;
  auth: AuthService;
  staff: StaffService;
  menu: MenuService;
  tables: TablesService;
  orders: OrdersService;
  payments: PaymentsService;
  kitchen: KitchenService;
  stock: StockService;
  printing: PrintingService;
  discovery: DiscoveryService;
  sync: SyncService;
  reports: ReportsService;
  inbox: InboxService;
  customers: CustomerService;
  reservations: DoorServices;
  /** Sends the grant of covers for online booking to the cloud (issue 20). */
  allotment: AllotmentPusher;
  loyalty: LoyaltyService;
  delivery: DeliveryService;
  guests: GuestOrderingService;
}

export function createServices(deps: CommandDeps, settings: AuthSettings & { mdns?: boolean; sync: SyncSettings; channel: { waitSeconds: number; applyBatch: number }; guestRates?: { perToken: number; perAddress: number } }): Services {
  const menu = new MenuService(deps);
  const payments = new PaymentsService(deps);
  const sync = new SyncService(deps, settings.sync);
  const setup = new SetupService(deps);
  // A box not set up yet has no currency or menu to apply messages to: it starts pulling once it is.
  const channelTarget = () => {
    const target = setup.isInitialized() ? sync.target() : null;
    return target ? { ...target, boxId: sync.boxId() } : null;
  };
  return {
    setup,
    auth: new AuthService(deps, settings),
    staff: new StaffService(deps),
    menu,
    tables: new TablesService(deps),
    orders: new OrdersService(deps),
    payments,
    kitchen: new KitchenService(deps),
    stock: new StockService(deps),
    printing: new PrintingService(deps, new PrinterAlerts(deps.bus, () => deps.clock.now()), payments),
    discovery: new DiscoveryService({ mdns: settings.mdns ?? false, probeTimeoutMs: 400 }),
    sync,
    reports: new ReportsService(deps),
    customers: new CustomerService(deps),
    reservations: new DoorServices(deps),
    loyalty: new LoyaltyService(deps),
    delivery: new DeliveryService(deps),
    guests: new GuestOrderingService(deps, menu, settings.guestRates),
    inbox: new InboxService(deps, settings, channelTarget),
    allotment: new AllotmentPusher(deps, channelTarget),
  };
}
