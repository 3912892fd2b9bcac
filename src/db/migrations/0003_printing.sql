CREATE TABLE `print_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`printer_id` text NOT NULL,
	`template` text NOT NULL,
	`data` text NOT NULL,
	`status` text NOT NULL,
	`reprint` integer NOT NULL,
	`attempts` integer NOT NULL,
	`route_kind` text,
	`route_key` text,
	`order_id` text,
	`ticket_id` text,
	`reprint_of` text,
	`last_error` text,
	`failed_over_from` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`printed_at` integer,
	FOREIGN KEY (`printer_id`) REFERENCES `printers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `print_jobs_printer_status` ON `print_jobs` (`printer_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `print_jobs_ticket` ON `print_jobs` (`ticket_id`);--> statement-breakpoint
CREATE INDEX `print_jobs_status` ON `print_jobs` (`status`);--> statement-breakpoint
CREATE TABLE `printer_routes` (
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`printer_id` text NOT NULL,
	`backup_printer_id` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`printer_id`) REFERENCES `printers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`backup_printer_id`) REFERENCES `printers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `printer_routes_kind_key` ON `printer_routes` (`kind`,`key`);--> statement-breakpoint
CREATE TABLE `printers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`connection` text NOT NULL,
	`address` text NOT NULL,
	`columns` integer NOT NULL,
	`code_page` text NOT NULL,
	`enabled` integer NOT NULL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `printers_name` ON `printers` (`name`);