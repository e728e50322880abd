-- Qlik webhook events the hub believed, by customer and CloudEvent id: a second delivery of
-- the same event is a replay. Rows older than the replay window are swept.
CREATE TABLE qlik_events (
    customer_slug TEXT NOT NULL,
    event_id TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (customer_slug, event_id)
);
CREATE INDEX qlik_events_received ON qlik_events (received_at);
