-- An account that is deleted takes its app authorizations (and, by cascade, their tokens) with it.
ALTER TABLE oauth_authorization
    ADD CONSTRAINT oauth_authorization_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE;
