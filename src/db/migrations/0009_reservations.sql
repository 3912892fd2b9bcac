CREATE TABLE `reservation_exceptions` (
	`id` text PRIMARY KEY NOT NULL,
	`date` text NOT NULL,
	`kind` text NOT NULL,
	`start_time` text,
	`end_time` text,
	`table_ids` text,
	`note` text,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `reservation_exceptions_date` ON `reservation_exceptions` (`date`);--> statement-breakpoint
CREATE TABLE `reservation_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`hours` text NOT NULL,
	`durations` text NOT NULL,
	`pacing_covers` integer,
	`buffer_minutes` integer NOT NULL,
	`last_seating_minutes` integer NOT NULL,
	`hold_minutes` integer NOT NULL,
	`combinations` text NOT NULL,
	`online_allotment` integer,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reservation_status_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`reservation_id` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`staff_id` text,
	`device_id` text,
	`reason` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`reservation_id`) REFERENCES `reservations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reservation_status_changes_reservation` ON `reservation_status_changes` (`reservation_id`);--> statement-breakpoint
CREATE TABLE `reservations` (
	`id` text PRIMARY KEY NOT NULL,
	`party_size` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`duration_minutes` integer NOT NULL,
	`service_date` text NOT NULL,
	`customer_id` text,
	`name` text NOT NULL,
	`phone` text,
	`notes` text,
	`occasion` text,
	`source` text NOT NULL,
	`status` text NOT NULL,
	`table_ids` text NOT NULL,
	`order_id` text,
	`request_hash` text NOT NULL,
	`status_changed_at` integer NOT NULL,
	`status_changed_by` text,
	`created_by` text,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `reservations_starts` ON `reservations` (`starts_at`);--> statement-breakpoint
CREATE INDEX `reservations_service_date` ON `reservations` (`service_date`);--> statement-breakpoint
CREATE TABLE `waitlist_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`party_size` integer NOT NULL,
	`name` text NOT NULL,
	`phone` text NOT NULL,
	`customer_id` text,
	`notes` text,
	`status` text NOT NULL,
	`quoted_minutes` integer NOT NULL,
	`table_ids` text NOT NULL,
	`order_id` text,
	`request_hash` text NOT NULL,
	`added_at` integer NOT NULL,
	`notified_at` integer,
	`seated_at` integer,
	`left_at` integer,
	`created_by` text,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `waitlist_entries_status` ON `waitlist_entries` (`status`,`added_at`);