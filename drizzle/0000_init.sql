CREATE TABLE "tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"platform_id" integer NOT NULL,
	"state" smallint NOT NULL,
	"expire_at" bigint NOT NULL,
	"create_time" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_commands" (
	"user_id" text NOT NULL,
	"type" integer NOT NULL,
	"uuid" text NOT NULL,
	"value" text DEFAULT '' NOT NULL,
	"ex" text DEFAULT '' NOT NULL,
	"create_time" bigint NOT NULL,
	CONSTRAINT "user_commands_user_id_type_uuid_pk" PRIMARY KEY("user_id","type","uuid")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"user_id" text PRIMARY KEY NOT NULL,
	"nickname" text DEFAULT '' NOT NULL,
	"face_url" text DEFAULT '' NOT NULL,
	"ex" text DEFAULT '' NOT NULL,
	"app_manger_level" integer DEFAULT 0 NOT NULL,
	"global_recv_msg_opt" integer DEFAULT 0 NOT NULL,
	"create_time" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "tokens_user_platform_idx" ON "tokens" USING btree ("user_id","platform_id");--> statement-breakpoint
CREATE INDEX "tokens_expire_idx" ON "tokens" USING btree ("expire_at");--> statement-breakpoint
CREATE INDEX "users_create_time_idx" ON "users" USING btree ("create_time","user_id");--> statement-breakpoint
CREATE INDEX "users_level_idx" ON "users" USING btree ("app_manger_level","create_time");