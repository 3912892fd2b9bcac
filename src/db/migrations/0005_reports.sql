CREATE TABLE `z_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`number` integer NOT NULL,
	`business_day` text NOT NULL,
	`closed_at` integer NOT NULL,
	`closed_by` text,
	`totals` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `z_reports_number` ON `z_reports` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `z_reports_business_day` ON `z_reports` (`business_day`);--> statement-breakpoint
ALTER TABLE `line_voids` ADD `business_day` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `line_voids_business_day` ON `line_voids` (`business_day`);--> statement-breakpoint
ALTER TABLE `payments` ADD `business_day` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `payments_business_day` ON `payments` (`business_day`);--> statement-breakpoint
ALTER TABLE `refunds` ADD `business_day` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `refunds_business_day` ON `refunds` (`business_day`);--> statement-breakpoint
-- Hand-written backfill: rows written before this release get the business day of their created_at in
-- the restaurant's time zone and day-start hour. SQLite knows no time zones, so the box registers
-- brigade_business_day() on every connection before migrating (src/db/open.ts), using the same code
-- as new writes (src/lib/business-day.ts). Before the first Z the write rule is exactly that.
UPDATE `line_voids` SET `business_day` = brigade_business_day(`created_at`, (SELECT `time_zone` FROM `restaurant` WHERE `id` = 1), (SELECT `day_start_hour` FROM `restaurant` WHERE `id` = 1)) WHERE `business_day` = '';--> statement-breakpoint
UPDATE `payments` SET `business_day` = brigade_business_day(`created_at`, (SELECT `time_zone` FROM `restaurant` WHERE `id` = 1), (SELECT `day_start_hour` FROM `restaurant` WHERE `id` = 1)) WHERE `business_day` = '';--> statement-breakpoint
UPDATE `refunds` SET `business_day` = brigade_business_day(`created_at`, (SELECT `time_zone` FROM `restaurant` WHERE `id` = 1), (SELECT `day_start_hour` FROM `restaurant` WHERE `id` = 1)) WHERE `business_day` = '';
