ALTER TABLE `sync_state` ADD `last_error_code` text;--> statement-breakpoint
ALTER TABLE `sync_state` ADD `box_id` text;--> statement-breakpoint
ALTER TABLE `sync_state` ADD `fork_epoch` integer;--> statement-breakpoint
ALTER TABLE `sync_state` ADD `fork_seq` integer;--> statement-breakpoint
ALTER TABLE `sync_state` ADD `epoch_started_at` integer;--> statement-breakpoint
ALTER TABLE `sync_state` ADD `epoch_reason` text;--> statement-breakpoint
ALTER TABLE `sync_state` ADD `order_numbers_epoch` integer;