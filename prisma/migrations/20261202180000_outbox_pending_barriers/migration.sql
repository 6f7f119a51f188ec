-- A change's statement asks whether a "connections.end" event (a barrier:
-- what was committed after it goes out only once it is done) still waits to
-- be published. Only such rows are in this index, so asking costs nothing
-- however long the outbox grows.
CREATE INDEX "OutboxEvent_pending_barrier_idx" ON "OutboxEvent"("id") WHERE "publishedAt" IS NULL AND "type" = 'connections.end';
