ALTER TABLE "conversations" ADD COLUMN "capped" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "notification_max_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Caps set before this migration were the only non-zero max_seq values; their n_ stream is capped where it is now.
UPDATE "conversations" c SET "capped" = true,
  "notification_max_seq" = COALESCE((SELECT s."max_seq" FROM "seq_conversations" s WHERE s."conversation_id" = 'n_' || c."group_id"), 0)
WHERE c."max_seq" > 0 AND c."conversation_type" = 3;
