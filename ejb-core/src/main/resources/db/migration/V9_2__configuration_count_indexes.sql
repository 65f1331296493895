-- Counts over vpn_configuration that run on every /connect or every console page: placement counts
-- the WireGuard peers of the profile's nodes (node_name), the console's node list the peers per node
-- and profile, the dashboard and statistics the configurations per profile and protocol. Without
-- these indexes each was a full scan with a temporary table: 20-84 ms at 50,000 configurations
-- (docs/benchmarks.md), on the hot path for placement. With them each is an index-only range or scan.
-- Their price is two more index entries per configuration written.
CREATE INDEX ix_configuration_node ON vpn_configuration (node_name, profile_id);
CREATE INDEX ix_configuration_profile_protocol ON vpn_configuration (profile_id, protocol);
