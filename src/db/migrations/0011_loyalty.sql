CREATE TABLE `loyalty_balances` (
	`customer_id` text PRIMARY KEY NOT NULL,
	`ids` text NOT NULL,
	`points` integer NOT NULL,
	`rolling12` integer NOT NULL,
	`tier` text NOT NULL,
	`seen_through` integer NOT NULL,
	`computed_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `loyalty_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`local_seq` integer NOT NULL,
	`customer_id` text NOT NULL,
	`kind` text NOT NULL,
	`points` integer NOT NULL,
	`reverses` text,
	`order_id` text,
	`payment_id` text,
	`refund_id` text,
	`reward_id` text,
	`amount` integer,
	`reason` text,
	`staff_id` text,
	`approved_by` text,
	`programme_version` integer NOT NULL,
	`business_day` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `loyalty_entries_local_seq` ON `loyalty_entries` (`local_seq`);--> statement-breakpoint
CREATE INDEX `loyalty_entries_customer` ON `loyalty_entries` (`customer_id`);--> statement-breakpoint
CREATE INDEX `loyalty_entries_order` ON `loyalty_entries` (`order_id`);--> statement-breakpoint
CREATE TABLE `loyalty_programme` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`document` text NOT NULL,
	`updated_at` integer NOT NULL
);
