-- No query could use it: the search by recvID also matches group_id (unindexed), so PostgreSQL scans by send_time
-- either way. It cost 65 B of the 883 stored per message (npm run bench -- stored-bytes) and a write per send.
DROP INDEX "messages_recv_time_idx";