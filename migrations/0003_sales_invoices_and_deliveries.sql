CREATE TABLE `sales_invoices` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`number` text NOT NULL,
	`issue_date` text NOT NULL,
	`due_date` text,
	`currency` text NOT NULL,
	`total_amount` text NOT NULL,
	`file` text,
	`einvoice` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sales_invoices_account_number` ON `sales_invoices` (`account_id`,`number`);--> statement-breakpoint
CREATE INDEX `sales_invoices_customer` ON `sales_invoices` (`customer_id`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`sales_invoice_id` text NOT NULL,
	`partner_id` text NOT NULL,
	`channel` text NOT NULL,
	`recipients` text NOT NULL,
	`participant_id` text,
	`status` text NOT NULL,
	`reason` text,
	`attempts` integer NOT NULL,
	`last_error` text,
	`message_id` text,
	`sent_to` text NOT NULL,
	`lease_until` text,
	`sent_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sales_invoice_id`) REFERENCES `sales_invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deliveries_account_status` ON `deliveries` (`account_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `deliveries_sales_invoice` ON `deliveries` (`sales_invoice_id`);--> statement-breakpoint
CREATE INDEX `deliveries_partner` ON `deliveries` (`partner_id`);--> statement-breakpoint
CREATE TABLE `delivery_events` (
	`id` text PRIMARY KEY NOT NULL,
	`delivery_id` text NOT NULL,
	`account_id` text NOT NULL,
	`at` text NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`message` text NOT NULL,
	`dedupe_key` text,
	FOREIGN KEY (`delivery_id`) REFERENCES `deliveries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `delivery_events_delivery` ON `delivery_events` (`delivery_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `delivery_events_dedupe` ON `delivery_events` (`delivery_id`,`dedupe_key`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`account_id` text NOT NULL,
	`key` text NOT NULL,
	`request` text NOT NULL,
	`status` integer,
	`response` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`account_id`, `key`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `inbox_items` ADD `delivery_id` text REFERENCES deliveries(id);