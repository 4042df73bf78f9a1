ALTER TABLE "seq_conversations" ADD COLUMN "owner_kind" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "seq_conversations" ADD COLUMN "owner_a" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "seq_conversations" ADD COLUMN "owner_b" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Streams that existed before owners were recorded: a chat stream belongs to the pair (or group) of its first message.
UPDATE "seq_conversations" s SET "owner_kind" = 1, "owner_a" = LEAST(m.send_id, m.recv_id), "owner_b" = GREATEST(m.send_id, m.recv_id)
FROM (SELECT DISTINCT ON (conversation_id) conversation_id, send_id, recv_id FROM "messages"
      WHERE conversation_id LIKE 'si\_%' OR conversation_id LIKE 'sn\_%' ORDER BY conversation_id, seq) m
WHERE s.conversation_id = m.conversation_id AND s.owner_kind = 0;--> statement-breakpoint
UPDATE "seq_conversations" s SET "owner_kind" = 2, "owner_a" = m.group_id
FROM (SELECT DISTINCT ON (conversation_id) conversation_id, group_id FROM "messages"
      WHERE conversation_id LIKE 'sg\_%' ORDER BY conversation_id, seq) m
WHERE s.conversation_id = m.conversation_id AND s.owner_kind = 0;--> statement-breakpoint
-- Records without a stream yet (set_conversations before any message): the stream is made now, owned by the oldest record's pair.
INSERT INTO "seq_conversations" (conversation_id, owner_kind, owner_a, owner_b)
SELECT DISTINCT ON (conversation_id) conversation_id,
  CASE WHEN conversation_type = 3 THEN 2 ELSE 1 END,
  CASE WHEN conversation_type = 3 THEN group_id ELSE LEAST(owner_user_id, user_id) END,
  CASE WHEN conversation_type = 3 THEN '' ELSE GREATEST(owner_user_id, user_id) END
FROM "conversations" WHERE conversation_type IN (1, 3, 4) ORDER BY conversation_id, create_time
ON CONFLICT (conversation_id) DO NOTHING;
--> statement-breakpoint
-- Notification streams: a group's (`n_<groupID>`) or a pair's (`n_<a>_<b>`), where the first message's sender and
-- receiver give exactly that name.
UPDATE "seq_conversations" s SET "owner_kind" = CASE WHEN m.group_id <> '' THEN 2 ELSE 1 END,
  "owner_a" = CASE WHEN m.group_id <> '' THEN m.group_id ELSE LEAST(m.send_id, m.recv_id) END,
  "owner_b" = CASE WHEN m.group_id <> '' THEN '' ELSE GREATEST(m.send_id, m.recv_id) END
FROM (SELECT DISTINCT ON (conversation_id) conversation_id, send_id, recv_id, group_id FROM "messages"
      WHERE conversation_id LIKE 'n\_%' ORDER BY conversation_id, seq) m
WHERE s.conversation_id = m.conversation_id AND s.owner_kind = 0
  AND (m.conversation_id = 'n_' || m.group_id
       OR (m.group_id = '' AND m.conversation_id = 'n_' || LEAST(m.send_id, m.recv_id) || '_' || GREATEST(m.send_id, m.recv_id)));
