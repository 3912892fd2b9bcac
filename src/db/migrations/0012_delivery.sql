CREATE TABLE `delivery_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`platform` text NOT NULL,
	`platform_order_id` text NOT NULL,
	`display_ref` text NOT NULL,
	`order_id` text,
	`state` text NOT NULL,
	`reject_reason` text,
	`unmapped` text NOT NULL,
	`lines` text NOT NULL,
	`customer_name` text NOT NULL,
	`customer_phone` text,
	`delivery_mode` text NOT NULL,
	`delivery_address` text,
	`delivery_notes` text,
	`totals` text NOT NULL,
	`auto_accept` integer NOT NULL,
	`prep_minutes` integer NOT NULL,
	`placed_at` integer NOT NULL,
	`respond_by` integer NOT NULL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `delivery_orders_platform_order` ON `delivery_orders` (`platform`,`platform_order_id`);--> statement-breakpoint
CREATE INDEX `delivery_orders_order` ON `delivery_orders` (`order_id`);--> statement-breakpoint
CREATE INDEX `delivery_orders_state` ON `delivery_orders` (`state`);--> statement-breakpoint
CREATE TABLE `delivery_statuses` (
	`id` text PRIMARY KEY NOT NULL,
	`delivery_order_id` text NOT NULL,
	`order_id` text,
	`platform` text NOT NULL,
	`platform_order_id` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`prep_minutes` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`delivery_order_id`) REFERENCES `delivery_orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `delivery_statuses_order` ON `delivery_statuses` (`delivery_order_id`);--> statement-breakpoint
CREATE TABLE `kitchen_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`paused` integer NOT NULL,
	`paused_reason` text,
	`paused_at` integer,
	`paused_by` text,
	`prep_minutes` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `menu_items` ADD `external_id` text;--> statement-breakpoint
ALTER TABLE `options` ADD `external_id` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `platform` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `platform_ref` text;