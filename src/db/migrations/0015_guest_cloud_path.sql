ALTER TABLE `guest_requests` ADD `placed_at` integer;--> statement-breakpoint
ALTER TABLE `guest_requests` ADD `held_after_outage` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `table_qr` ADD `digest` text;