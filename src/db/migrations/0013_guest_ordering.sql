CREATE TABLE `box_secrets` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `guest_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`table_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`lines` text NOT NULL,
	`notes` text,
	`total` integer NOT NULL,
	`language` text NOT NULL,
	`via` text NOT NULL,
	`request_hash` text NOT NULL,
	`order_id` text,
	`refused_reason` text,
	`answered_by` text,
	`answered_at` integer,
	`alerted_at` integer,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `guest_requests_table_created` ON `guest_requests` (`table_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `guest_requests_status` ON `guest_requests` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `guest_requests_order` ON `guest_requests` (`order_id`);--> statement-breakpoint
CREATE TABLE `guest_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`enabled` integer NOT NULL,
	`disabled_area_ids` text NOT NULL,
	`windows` text NOT NULL,
	`seated_only` integer NOT NULL,
	`max_order_total` integer,
	`max_orders_per_10_min` integer NOT NULL,
	`auto_accept` integer NOT NULL,
	`alert_after_minutes` integer NOT NULL,
	`guest_base_url` text,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `table_qr` (
	`table_id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`rotated_at` integer NOT NULL,
	`rotated_by` text
);
