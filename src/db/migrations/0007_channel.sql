CREATE TABLE `central_menu` (
	`id` integer PRIMARY KEY NOT NULL,
	`publication_id` text,
	`menu_version` integer,
	`applied_at` integer,
	`managed_fields` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `channel_inbox` (
	`seq` integer PRIMARY KEY NOT NULL,
	`message_id` text NOT NULL,
	`kind` text NOT NULL,
	`schema_version` integer NOT NULL,
	`outcome` text NOT NULL,
	`code` text,
	`message` text,
	`at` integer NOT NULL,
	`acked_at` integer
);
--> statement-breakpoint
CREATE INDEX `channel_inbox_unacked` ON `channel_inbox` (`acked_at`);--> statement-breakpoint
CREATE TABLE `channel_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`cursor` integer DEFAULT 0 NOT NULL,
	`head` integer DEFAULT 0 NOT NULL,
	`last_poll_at` integer,
	`last_applied_at` integer,
	`last_message_created_at` integer,
	`last_error_at` integer,
	`last_error` text,
	`resyncs` integer DEFAULT 0 NOT NULL,
	`last_resync_at` integer,
	`updated_at` integer NOT NULL
);
