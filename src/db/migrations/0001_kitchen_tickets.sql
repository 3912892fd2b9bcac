CREATE TABLE `kitchen_ticket_lines` (
	`ticket_id` text NOT NULL,
	`line_id` text NOT NULL,
	`name` text NOT NULL,
	`quantity` integer NOT NULL,
	`seat` integer,
	`course` integer NOT NULL,
	`notes` text,
	`options` text NOT NULL,
	`sort_order` integer NOT NULL,
	PRIMARY KEY(`ticket_id`, `line_id`),
	FOREIGN KEY (`ticket_id`) REFERENCES `kitchen_tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`line_id`) REFERENCES `order_lines`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `kitchen_ticket_lines_line` ON `kitchen_ticket_lines` (`line_id`);--> statement-breakpoint
CREATE TABLE `kitchen_tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`station` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`order_number` integer NOT NULL,
	`table_label` text,
	`server_name` text,
	`course` integer,
	`fired_at` integer NOT NULL,
	`bumped_at` integer,
	`recalled_at` integer,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `kitchen_tickets_station_status` ON `kitchen_tickets` (`station`,`status`,`fired_at`);--> statement-breakpoint
CREATE INDEX `kitchen_tickets_order` ON `kitchen_tickets` (`order_id`);