CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`search_id` integer NOT NULL,
	`name` text NOT NULL,
	`phone` text,
	`phone_search` text DEFAULT '' NOT NULL,
	`email` text,
	`birthday` text,
	`allergies` text,
	`notes` text,
	`tags` text NOT NULL,
	`addresses` text NOT NULL,
	`marketing_consent` integer NOT NULL,
	`consent_at` integer,
	`consent_source` text,
	`blocked_reason` text,
	`blocked_at` integer,
	`merged_into` text,
	`erased_at` integer,
	`origin` text NOT NULL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customers_search_id` ON `customers` (`search_id`);--> statement-breakpoint
CREATE INDEX `customers_phone` ON `customers` (`phone`);--> statement-breakpoint
CREATE INDEX `customers_email` ON `customers` (`email`);--> statement-breakpoint
CREATE INDEX `customers_name` ON `customers` (`name`);--> statement-breakpoint
CREATE TABLE `order_customers` (
	`order_id` text PRIMARY KEY NOT NULL,
	`customer_id` text,
	`attached_by` text,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_customers_customer` ON `order_customers` (`customer_id`);--> statement-breakpoint
ALTER TABLE `restaurant` ADD `country` text;--> statement-breakpoint
-- Search by name or phone digits (issue 18): an FTS5 trigram index over the customers table itself
-- (external content, keyed by search_id), kept in step by triggers so no write path can forget it.
-- Trigrams match any 3+ character piece: "dupo" finds Dupont, "1234" finds +33 6 12 34 56 78.
CREATE VIRTUAL TABLE `customers_fts` USING fts5(name, phone_search, content='customers', content_rowid='search_id', tokenize='trigram remove_diacritics 1');--> statement-breakpoint
CREATE TRIGGER `customers_fts_insert` AFTER INSERT ON `customers` BEGIN
  INSERT INTO customers_fts (rowid, name, phone_search) VALUES (new.search_id, new.name, new.phone_search);
END;--> statement-breakpoint
CREATE TRIGGER `customers_fts_delete` AFTER DELETE ON `customers` BEGIN
  INSERT INTO customers_fts (customers_fts, rowid, name, phone_search) VALUES ('delete', old.search_id, old.name, old.phone_search);
END;--> statement-breakpoint
CREATE TRIGGER `customers_fts_update` AFTER UPDATE OF name, phone_search, search_id ON `customers` BEGIN
  INSERT INTO customers_fts (customers_fts, rowid, name, phone_search) VALUES ('delete', old.search_id, old.name, old.phone_search);
  INSERT INTO customers_fts (rowid, name, phone_search) VALUES (new.search_id, new.name, new.phone_search);
END;
