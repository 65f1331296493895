-- OpenVPN admission (owner: nodes, issue 9): every OpenVPN client that connects to a node is
-- looked up by its certificate's common name, and its session in the connection log by its
-- configuration and node.
CREATE INDEX ix_configuration_cert_cn ON vpn_configuration (cert_common_name);
