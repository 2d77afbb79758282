CREATE TABLE `partners` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`roles` text NOT NULL,
	`vat_number` text,
	`company_number` text,
	`email` text,
	`language` text NOT NULL,
	`address` text,
	`peppol_id` text,
	`archived_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `partners_account` ON `partners` (`account_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `partners_account_vat_number` ON `partners` (`account_id`,`vat_number`) WHERE "partners"."archived_at" IS NULL;--> statement-breakpoint
CREATE TABLE `delivery_channels` (
	`partner_id` text NOT NULL,
	`account_id` text NOT NULL,
	`channel` text NOT NULL,
	`enabled` integer NOT NULL,
	`recipients` text,
	`participant_id` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`partner_id`, `channel`),
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
