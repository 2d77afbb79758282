ALTER TABLE `partners` ADD `search_text` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Partners written before this migration: SQLite's lower() lower-cases ASCII only; a partner saved again gets the JavaScript lower-casing of all of Unicode.
UPDATE `partners` SET `search_text` = lower(`name` || CASE WHEN `email` IS NULL THEN '' ELSE char(10) || `email` END);
