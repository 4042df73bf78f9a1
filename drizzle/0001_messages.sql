-- trigram index on message text: substring search (Chinese included) without a full scan
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE TABLE "conversations" (
	"owner_user_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"conversation_type" integer NOT NULL,
	"user_id" text DEFAULT '' NOT NULL,
	"group_id" text DEFAULT '' NOT NULL,
	"recv_msg_opt" integer DEFAULT 0 NOT NULL,
	"is_pinned" boolean DEFAULT false NOT NULL,
	"attached_info" text DEFAULT '' NOT NULL,
	"is_private_chat" boolean DEFAULT false NOT NULL,
	"group_at_type" integer DEFAULT 0 NOT NULL,
	"ex" text DEFAULT '' NOT NULL,
	"burn_duration" integer DEFAULT 0 NOT NULL,
	"min_seq" bigint DEFAULT 0 NOT NULL,
	"max_seq" bigint DEFAULT 0 NOT NULL,
	"msg_destruct_time" bigint DEFAULT 604800 NOT NULL,
	"latest_msg_destruct_time" bigint DEFAULT 0 NOT NULL,
	"is_msg_destruct" boolean DEFAULT false NOT NULL,
	"has_read_seq" bigint DEFAULT 0 NOT NULL,
	"create_time" bigint NOT NULL,
	CONSTRAINT "conversations_owner_user_id_conversation_id_pk" PRIMARY KEY("owner_user_id","conversation_id")
);
--> statement-breakpoint
CREATE TABLE "group_members" (
	"group_id" text NOT NULL,
	"user_id" text NOT NULL,
	"role_level" integer DEFAULT 20 NOT NULL,
	"join_time" bigint NOT NULL,
	"nickname" text DEFAULT '' NOT NULL,
	"face_url" text DEFAULT '' NOT NULL,
	"join_source" integer DEFAULT 0 NOT NULL,
	"operator_user_id" text DEFAULT '' NOT NULL,
	"inviter_user_id" text DEFAULT '' NOT NULL,
	"ex" text DEFAULT '' NOT NULL,
	"mute_end_time" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "group_members_group_id_user_id_pk" PRIMARY KEY("group_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "groups" (
	"group_id" text PRIMARY KEY NOT NULL,
	"group_name" text DEFAULT '' NOT NULL,
	"notification" text DEFAULT '' NOT NULL,
	"introduction" text DEFAULT '' NOT NULL,
	"face_url" text DEFAULT '' NOT NULL,
	"owner_user_id" text DEFAULT '' NOT NULL,
	"create_time" bigint NOT NULL,
	"ex" text DEFAULT '' NOT NULL,
	"status" integer DEFAULT 0 NOT NULL,
	"creator_user_id" text DEFAULT '' NOT NULL,
	"group_type" integer DEFAULT 2 NOT NULL,
	"need_verification" integer DEFAULT 0 NOT NULL,
	"look_member_info" integer DEFAULT 0 NOT NULL,
	"apply_member_friend" integer DEFAULT 0 NOT NULL,
	"notification_update_time" bigint DEFAULT 0 NOT NULL,
	"notification_user_id" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_user_deletes" (
	"user_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"seq" bigint NOT NULL,
	CONSTRAINT "message_user_deletes_user_id_conversation_id_seq_pk" PRIMARY KEY("user_id","conversation_id","seq")
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"conversation_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"client_msg_id" text NOT NULL,
	"server_msg_id" text NOT NULL,
	"send_id" text NOT NULL,
	"recv_id" text DEFAULT '' NOT NULL,
	"group_id" text DEFAULT '' NOT NULL,
	"sender_platform_id" integer DEFAULT 0 NOT NULL,
	"sender_nickname" text DEFAULT '' NOT NULL,
	"sender_face_url" text DEFAULT '' NOT NULL,
	"session_type" smallint NOT NULL,
	"msg_from" smallint NOT NULL,
	"content_type" integer NOT NULL,
	"content" text NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"send_time" bigint NOT NULL,
	"create_time" bigint NOT NULL,
	"status" smallint NOT NULL,
	"is_read" boolean DEFAULT false NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"offline_push_info" jsonb,
	"at_user_id_list" text[] DEFAULT '{}'::text[] NOT NULL,
	"attached_info" text DEFAULT '' NOT NULL,
	"ex" text DEFAULT '' NOT NULL,
	"revoke" jsonb,
	CONSTRAINT "messages_conversation_id_seq_pk" PRIMARY KEY("conversation_id","seq")
);
--> statement-breakpoint
CREATE TABLE "seq_conversations" (
	"conversation_id" text PRIMARY KEY NOT NULL,
	"max_seq" bigint DEFAULT 0 NOT NULL,
	"min_seq" bigint DEFAULT 0 NOT NULL,
	"max_seq_time" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "version_log_entries" (
	"log_key" text NOT NULL,
	"element_id" text NOT NULL,
	"state" smallint NOT NULL,
	"version" bigint NOT NULL,
	CONSTRAINT "version_log_entries_log_key_element_id_pk" PRIMARY KEY("log_key","element_id")
);
--> statement-breakpoint
CREATE TABLE "version_logs" (
	"log_key" text PRIMARY KEY NOT NULL,
	"log_id" text NOT NULL,
	"version" bigint NOT NULL,
	"deleted_version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "conversations_conversation_idx" ON "conversations" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "group_members_user_idx" ON "group_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "groups_create_time_idx" ON "groups" USING btree ("create_time");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_client_msg_id_idx" ON "messages" USING btree ("conversation_id","client_msg_id");--> statement-breakpoint
CREATE INDEX "messages_send_time_idx" ON "messages" USING btree ("send_time");--> statement-breakpoint
CREATE INDEX "messages_sender_time_idx" ON "messages" USING btree ("send_id","send_time");--> statement-breakpoint
CREATE INDEX "messages_recv_time_idx" ON "messages" USING btree ("recv_id","send_time");--> statement-breakpoint
CREATE INDEX "messages_search_text_trgm_idx" ON "messages" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "version_log_entries_version_idx" ON "version_log_entries" USING btree ("log_key","version");