CREATE TABLE `inbound_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`received_at` text NOT NULL,
	`envelope_from` text NOT NULL,
	`envelope_to` text NOT NULL,
	`address` text NOT NULL,
	`header_from` text,
	`subject` text,
	`message_id` text,
	`size` integer NOT NULL,
	`raw_key` text,
	`spf` text,
	`dkim` text,
	`dmarc` text,
	`outcome` text NOT NULL,
	`duplicate_of` text,
	`file_count` integer,
	`notice_kind` text,
	`notice_code` text,
	`notice` text,
	`completed_at` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `inbound_messages_account` ON `inbound_messages` (`account_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_messages_account_message_id` ON `inbound_messages` (`account_id`,`message_id`) WHERE "inbound_messages"."message_id" IS NOT NULL AND "inbound_messages"."duplicate_of" IS NULL;--> statement-breakpoint
CREATE TABLE `inbound_files` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`inbound_message_id` text NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`original_name` text NOT NULL,
	`declared_type` text NOT NULL,
	`source` text NOT NULL,
	`path` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`r2_key` text NOT NULL,
	`verdict` text,
	`detected_type` text,
	`reason_code` text,
	`reason` text,
	`scanner` text,
	`signature` text,
	`format` text,
	`einvoice` text,
	`scan_attempts` integer DEFAULT 0 NOT NULL,
	`decided_at` text,
	`purchase_invoice_id` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`inbound_message_id`) REFERENCES `inbound_messages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_files_message_position` ON `inbound_files` (`inbound_message_id`,`position`);--> statement-breakpoint
CREATE INDEX `inbound_files_account_sha256` ON `inbound_files` (`account_id`,`sha256`);--> statement-breakpoint
CREATE INDEX `inbound_files_purchase_invoice` ON `inbound_files` (`purchase_invoice_id`);--> statement-breakpoint
CREATE TABLE `purchase_invoices` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`inbound_message_id` text NOT NULL,
	`file_id` text NOT NULL,
	`sha256` text NOT NULL,
	`status` text NOT NULL,
	`format` text NOT NULL,
	`received_at` text NOT NULL,
	`invoice` text,
	`warnings` text NOT NULL,
	`search_text` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`inbound_message_id`) REFERENCES `inbound_messages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`file_id`) REFERENCES `inbound_files`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `purchase_invoices_account_sha256` ON `purchase_invoices` (`account_id`,`sha256`);--> statement-breakpoint
CREATE INDEX `purchase_invoices_account` ON `purchase_invoices` (`account_id`,`id`);--> statement-breakpoint
CREATE TABLE `inbox_items` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`created_at` text NOT NULL,
	`kind` text NOT NULL,
	`reason_code` text NOT NULL,
	`reason` text NOT NULL,
	`inbound_message_id` text,
	`file_id` text,
	`resolved_at` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`inbound_message_id`) REFERENCES `inbound_messages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`file_id`) REFERENCES `inbound_files`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `inbox_items_account` ON `inbox_items` (`account_id`,`id`);--> statement-breakpoint
CREATE INDEX `inbox_items_file` ON `inbox_items` (`file_id`);