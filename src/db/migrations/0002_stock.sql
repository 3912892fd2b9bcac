CREATE TABLE `ingredients` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`base_unit` text NOT NULL,
	`unit` text NOT NULL,
	`cost_per_unit` integer NOT NULL,
	`supplier` text,
	`low_threshold` integer,
	`par_level` integer,
	`min_days_of_supply` integer,
	`batch_quantity` integer,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ingredients_name` ON `ingredients` (`name`);--> statement-breakpoint
CREATE TABLE `recipe_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`menu_item_id` text,
	`option_id` text,
	`prep_id` text,
	`ingredient_id` text NOT NULL,
	`quantity` integer NOT NULL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`prep_id`) REFERENCES `ingredients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ingredient_id`) REFERENCES `ingredients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `recipe_lines_item` ON `recipe_lines` (`menu_item_id`);--> statement-breakpoint
CREATE INDEX `recipe_lines_option` ON `recipe_lines` (`option_id`);--> statement-breakpoint
CREATE INDEX `recipe_lines_prep` ON `recipe_lines` (`prep_id`);--> statement-breakpoint
CREATE INDEX `recipe_lines_ingredient` ON `recipe_lines` (`ingredient_id`);--> statement-breakpoint
CREATE TABLE `stock_alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`ingredient_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`on_hand` integer NOT NULL,
	`days_left` integer,
	`raised_at` integer NOT NULL,
	`cleared_at` integer,
	`version` integer NOT NULL,
	FOREIGN KEY (`ingredient_id`) REFERENCES `ingredients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `stock_alerts_ingredient` ON `stock_alerts` (`ingredient_id`,`status`);--> statement-breakpoint
CREATE TABLE `stock_levels` (
	`ingredient_id` text PRIMARY KEY NOT NULL,
	`on_hand` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`ingredient_id`) REFERENCES `ingredients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `stock_movements` (
	`id` text PRIMARY KEY NOT NULL,
	`ingredient_id` text NOT NULL,
	`kind` text NOT NULL,
	`quantity` integer NOT NULL,
	`counted` integer,
	`reason` text,
	`location` text,
	`cost` integer,
	`order_id` text,
	`line_id` text,
	`staff_id` text,
	`business_day` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`ingredient_id`) REFERENCES `ingredients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `stock_movements_ingredient` ON `stock_movements` (`ingredient_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `stock_movements_day` ON `stock_movements` (`business_day`);--> statement-breakpoint
CREATE UNIQUE INDEX `stock_movements_line_once` ON `stock_movements` (`line_id`,`ingredient_id`,`kind`);--> statement-breakpoint
ALTER TABLE `menu_items` ADD `stock_out` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `options` ADD `stock_out` integer DEFAULT false NOT NULL;