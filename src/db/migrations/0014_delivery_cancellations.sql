ALTER TABLE `delivery_orders` ADD `cancelled_by` text;--> statement-breakpoint
ALTER TABLE `delivery_orders` ADD `cancel_reason` text;--> statement-breakpoint
ALTER TABLE `delivery_orders` ADD `cancelled_at` integer;--> statement-breakpoint
ALTER TABLE `delivery_orders` ADD `cancelled_when` text;--> statement-breakpoint
ALTER TABLE `delivery_statuses` ADD `note` text;