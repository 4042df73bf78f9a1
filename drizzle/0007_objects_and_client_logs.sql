CREATE TABLE "client_logs" (
	"log_id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"platform" text NOT NULL,
	"url" text NOT NULL,
	"file_name" text DEFAULT '' NOT NULL,
	"app_framework" text DEFAULT '' NOT NULL,
	"version" text DEFAULT '' NOT NULL,
	"ex" text DEFAULT '' NOT NULL,
	"system_type" text DEFAULT '' NOT NULL,
	"create_time" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "object_uploads" (
	"upload_id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"hash" text NOT NULL,
	"size" bigint NOT NULL,
	"part_size" bigint NOT NULL,
	"part_count" integer NOT NULL,
	"key" text NOT NULL,
	"backend_id" text NOT NULL,
	"expire_time" bigint NOT NULL,
	"create_time" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "objects" (
	"name" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"hash" text NOT NULL,
	"key" text NOT NULL,
	"size" bigint NOT NULL,
	"content_type" text DEFAULT '' NOT NULL,
	"group_name" text DEFAULT '' NOT NULL,
	"create_time" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "client_logs_time_idx" ON "client_logs" USING btree ("create_time","log_id");--> statement-breakpoint
CREATE INDEX "client_logs_user_idx" ON "client_logs" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "object_uploads_expire_idx" ON "object_uploads" USING btree ("expire_time");--> statement-breakpoint
CREATE INDEX "objects_hash_idx" ON "objects" USING btree ("hash");