CREATE TABLE "blacks" (
	"owner_user_id" text NOT NULL,
	"block_user_id" text NOT NULL,
	"seq" bigserial NOT NULL,
	"create_time" bigint NOT NULL,
	"add_source" integer DEFAULT 0 NOT NULL,
	"operator_user_id" text DEFAULT '' NOT NULL,
	"ex" text DEFAULT '' NOT NULL,
	CONSTRAINT "blacks_owner_user_id_block_user_id_pk" PRIMARY KEY("owner_user_id","block_user_id")
);
--> statement-breakpoint
CREATE TABLE "friend_requests" (
	"from_user_id" text NOT NULL,
	"to_user_id" text NOT NULL,
	"handle_result" integer DEFAULT 0 NOT NULL,
	"req_msg" text DEFAULT '' NOT NULL,
	"create_time" bigint NOT NULL,
	"handler_user_id" text DEFAULT '' NOT NULL,
	"handle_msg" text DEFAULT '' NOT NULL,
	"handle_time" bigint DEFAULT 0 NOT NULL,
	"ex" text DEFAULT '' NOT NULL,
	CONSTRAINT "friend_requests_from_user_id_to_user_id_pk" PRIMARY KEY("from_user_id","to_user_id")
);
--> statement-breakpoint
CREATE TABLE "friends" (
	"owner_user_id" text NOT NULL,
	"friend_user_id" text NOT NULL,
	"seq" bigserial NOT NULL,
	"remark" text DEFAULT '' NOT NULL,
	"create_time" bigint NOT NULL,
	"add_source" integer NOT NULL,
	"operator_user_id" text DEFAULT '' NOT NULL,
	"ex" text DEFAULT '' NOT NULL,
	"is_pinned" boolean DEFAULT false NOT NULL,
	CONSTRAINT "friends_owner_user_id_friend_user_id_pk" PRIMARY KEY("owner_user_id","friend_user_id")
);
--> statement-breakpoint
CREATE INDEX "blacks_list_idx" ON "blacks" USING btree ("owner_user_id","seq");--> statement-breakpoint
CREATE INDEX "friend_requests_to_idx" ON "friend_requests" USING btree ("to_user_id","create_time");--> statement-breakpoint
CREATE INDEX "friend_requests_from_idx" ON "friend_requests" USING btree ("from_user_id","create_time");--> statement-breakpoint
CREATE INDEX "friends_list_idx" ON "friends" USING btree ("owner_user_id","is_pinned","seq");--> statement-breakpoint
CREATE INDEX "friends_friend_idx" ON "friends" USING btree ("friend_user_id");