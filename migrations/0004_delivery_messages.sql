CREATE TABLE `delivery_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`delivery_id` text NOT NULL,
	`account_id` text NOT NULL,
	`recipient` text NOT NULL,
	`message_id` text NOT NULL,
	`sent_at` text NOT NULL,
	FOREIGN KEY (`delivery_id`) REFERENCES `deliveries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `delivery_messages_message_id` ON `delivery_messages` (`message_id`);--> statement-breakpoint
CREATE INDEX `delivery_messages_delivery` ON `delivery_messages` (`delivery_id`,`recipient`,`id`);