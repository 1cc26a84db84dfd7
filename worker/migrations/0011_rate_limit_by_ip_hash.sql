-- Issue 15: the per-IP rate limit is counted in D1, one statement per stored batch, instead of
-- one call to the `ratelimits` binding per pledge: pledges per IP hash received in the last minute.
CREATE INDEX pledges_by_ip_hash ON pledges (ip_hash, received_at) WHERE ip_hash IS NOT NULL;
