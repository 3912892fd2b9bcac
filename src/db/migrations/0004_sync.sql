CREATE TABLE `sync_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`cloud_url` text,
	`credential` text,
	`epoch` integer DEFAULT 1 NOT NULL,
	`ack_seq` integer DEFAULT 0 NOT NULL,
	`ack_tx_id` text,
	`last_success_at` integer,
	`last_error_at` integer,
	`last_error` text,
	`updated_at` integer NOT NULL
);
