ALTER TABLE `inbound_messages` ADD `notice_params` text;--> statement-breakpoint
ALTER TABLE `inbound_files` ADD `reason_params` text;--> statement-breakpoint
ALTER TABLE `inbox_items` ADD `reason_params` text;--> statement-breakpoint
ALTER TABLE `inbox_items` ADD `resolution_code` text;--> statement-breakpoint
ALTER TABLE `inbox_items` ADD `resolution_params` text;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `reason_params` text;--> statement-breakpoint
ALTER TABLE `delivery_events` ADD `message_code` text;--> statement-breakpoint
ALTER TABLE `delivery_events` ADD `message_params` text;