-- Most messages mention nobody: NULL instead of '{}' saves 13 B of each row (npm run bench -- stored-bytes).
-- Rows written before keep '{}'; both read back as no mentions.
ALTER TABLE "messages" ALTER COLUMN "at_user_id_list" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "messages" ALTER COLUMN "at_user_id_list" DROP NOT NULL;