ALTER TABLE `inbound_messages` ADD `skipped_parts` text;--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `skipped_parts_omitted` integer DEFAULT 0 NOT NULL;