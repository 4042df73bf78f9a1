CREATE TABLE "group_requests" (
	"group_id" text NOT NULL,
	"user_id" text NOT NULL,
	"handle_result" integer DEFAULT 0 NOT NULL,
	"req_msg" text DEFAULT '' NOT NULL,
	"handle_msg" text DEFAULT '' NOT NULL,
	"req_time" bigint NOT NULL,
	"handle_user_id" text DEFAULT '' NOT NULL,
	"handle_time" bigint DEFAULT 0 NOT NULL,
	"ex" text DEFAULT '' NOT NULL,
	"join_source" integer DEFAULT 0 NOT NULL,
	"inviter_user_id" text DEFAULT '' NOT NULL,
	CONSTRAINT "group_requests_group_id_user_id_pk" PRIMARY KEY("group_id","user_id")
);
--> statement-breakpoint
CREATE INDEX "group_requests_user_idx" ON "group_requests" USING btree ("user_id","req_time");