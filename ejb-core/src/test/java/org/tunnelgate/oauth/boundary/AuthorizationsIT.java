package org.tunnelgate.oauth.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tunnelgate.account.entity.Account;
import org.tunnelgate.account.entity.Role;
import org.tunnelgate.oauth.control.TestOAuthSettings;
import org.tunnelgate.oauth.entity.Pkce;
import org.tunnelgate.testsupport.JpaDatabase;
import org.tunnelgate.testsupport.MutableClock;
import org.tunnelgate.testsupport.RecordingEvent;

/**
 * An app's authorization on a real MariaDB: code for tokens with PKCE, the bearer check, refresh
 * rotation, replay and reuse detection, expiry and revocation.
 */
class AuthorizationsIT {

    static final String APP = "org.eduvpn.app.linux";
    static final String REDIRECT = "http://127.0.0.1:8123/callback";
    static final String VERIFIER = "a-verifier-of-at-least-forty-three-characters-0123456789";

    JpaDatabase db;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
    RecordingEvent<AuthorizationRevoked> revoked = new RecordingEvent<>();
    Authorizations authorizations;
    ApiAccess access;
    TokenRefresh refreshes;
    Account alice;

    @BeforeEach
    void freshDatabase() {
        db = new JpaDatabase();
        authorizations = new Authorizations();
        authorizations.em = db.em();
        authorizations.clock = clock;
        authorizations.settings = TestOAuthSettings.defaults();
        authorizations.clients = OAuthClientsIT.clients(db);
        authorizations.revoked = revoked;
        access = new ApiAccess();
        access.dataSource = db.database.dataSource();
        access.clock = clock;
        refreshes = new TokenRefresh();
        refreshes.dataSource = db.database.dataSource();
        refreshes.clock = clock;
        refreshes.settings = authorizations.settings;
        refreshes.authorizations = new CommittingAuthorizations(db, authorizations);
        alice = db.inTransaction(() -> {
            Account account = new Account("alice", "$argon2id$not-used-here", Role.USER, clock.instant());
            db.em().persist(account);
            return account;
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    TokenGrant.Issued approvedAndExchanged() {
        String code = db.inTransaction(() -> authorizations.issueCode(alice.getId(), APP, REDIRECT, Pkce.challengeOf(VERIFIER)));
        return (TokenGrant.Issued) db.inTransaction(() -> authorizations.redeemCode(code, APP, REDIRECT, VERIFIER));
    }

    @Test
    void aCodeBecomesTokensWhoseAccessTokenOpensTheApi() {
        TokenGrant.Issued tokens = approvedAndExchanged();

        assertThat(tokens.expiresIn()).isEqualTo(Duration.ofHours(1));
        assertThat(access.authenticate(tokens.accessToken()))
                .hasValueSatisfying(grant -> {
                    assertThat(grant.accountName()).isEqualTo("alice");
                    assertThat(grant.accountId()).isEqualTo(alice.getId());
                    assertThat(grant.admin()).isFalse();
                    assertThat(grant.clientId()).isEqualTo(APP);
                    assertThat(grant.authorizationExpiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(90)));
                });
        assertThat(access.authenticate(tokens.refreshToken())).as("a refresh token opens nothing").isEmpty();
        assertThat(db.count("SELECT COUNT(*) FROM oauth_token WHERE token_hash = '" + tokens.accessToken() + "'"))
                .as("only hashes are stored").isZero();
    }

    @Test
    void aWrongVerifierOrAnExpiredCodeGetsNoTokens() {
        String code = db.inTransaction(() -> authorizations.issueCode(alice.getId(), APP, REDIRECT, Pkce.challengeOf(VERIFIER)));
        assertThat(db.inTransaction(() -> authorizations.redeemCode(code, APP, REDIRECT, VERIFIER.replace('a', 'b'))))
                .isInstanceOf(TokenGrant.Refused.class);

        String late = db.inTransaction(() -> authorizations.issueCode(alice.getId(), APP, REDIRECT, Pkce.challengeOf(VERIFIER)));
        clock.advance(Duration.ofMinutes(6));
        assertThat(db.inTransaction(() -> authorizations.redeemCode(late, APP, REDIRECT, VERIFIER)))
                .isEqualTo(new TokenGrant.Refused("invalid_grant", "authorization code expired"));
        assertThat(db.count("SELECT COUNT(*) FROM oauth_authorization")).isZero();
    }

    @Test
    void aReplayedCodeRevokesTheAuthorizationItCreated() {
        String code = db.inTransaction(() -> authorizations.issueCode(alice.getId(), APP, REDIRECT, Pkce.challengeOf(VERIFIER)));
        TokenGrant.Issued tokens = (TokenGrant.Issued) db.inTransaction(() -> authorizations.redeemCode(code, APP, REDIRECT, VERIFIER));

        assertThat(db.inTransaction(() -> authorizations.redeemCode(code, APP, REDIRECT, VERIFIER)))
                .isInstanceOf(TokenGrant.Refused.class);

        assertThat(revoked.fired()).singleElement().satisfies(r -> assertThat(r.reason()).contains("replayed"));
        assertThat(access.authenticate(tokens.accessToken())).isEmpty();
    }

    @Test
    void refreshingRotatesTheTokensAndAReusedRefreshTokenRevokesEverything() {
        TokenGrant.Issued first = approvedAndExchanged();
        TokenGrant second = refreshes.refresh(first.refreshToken(), APP);
        assertThat(second).isInstanceOf(TokenGrant.Issued.class);

        assertThat(refreshes.refresh(first.refreshToken(), APP))
                .isInstanceOf(TokenGrant.Refused.class);

        assertThat(access.authenticate(((TokenGrant.Issued) second).accessToken())).isEmpty();
        assertThat(db.count("SELECT COUNT(*) FROM oauth_authorization")).isZero();
    }

    @Test
    void accessTokensStopWorkingWhenTheyExpireOrTheAccountIsDisabled() {
        TokenGrant.Issued tokens = approvedAndExchanged();
        clock.advance(Duration.ofMinutes(61));
        assertThat(access.authenticate(tokens.accessToken())).isEmpty();

        TokenGrant.Issued fresh = (TokenGrant.Issued) refreshes.refresh(tokens.refreshToken(), APP);
        assertThat(access.authenticate(fresh.accessToken())).isPresent();
        db.inTransaction(() -> db.em().find(Account.class, alice.getId()).disable());
        assertThat(access.authenticate(fresh.accessToken())).isEmpty();
    }

    @Test
    void theOwnerSeesAndRevokesTheirAppsButNotSomeoneElses() {
        approvedAndExchanged();
        var apps = db.inTransaction(() -> authorizations.activeOf(alice.getId()));
        assertThat(apps).singleElement().satisfies(app -> assertThat(app.clientName()).isEqualTo("eduVPN for Linux"));
        long id = apps.get(0).authorizationId();

        assertThat(db.inTransaction(() -> authorizations.revokeOwn(alice.getId() + 1, id))).isFalse();
        assertThat(db.inTransaction(() -> authorizations.revokeOwn(alice.getId(), id))).isTrue();
        assertThat(revoked.fired()).extracting(AuthorizationRevoked::authorizationId).containsExactly(id);
        assertThat(db.inTransaction(() -> authorizations.activeOf(alice.getId()))).isEmpty();
    }

    @Test
    void aRefreshTokenOfAnotherClientAnExpiredAuthorizationOrADisabledAccountGetsNothing() {
        TokenGrant.Issued tokens = approvedAndExchanged();
        assertThat(refreshes.refresh(tokens.refreshToken(), "org.example.other-app"))
                .isEqualTo(new TokenGrant.Refused("invalid_grant", "refresh token was issued to another client"));
        assertThat(refreshes.refresh(tokens.accessToken(), APP)).as("an access token refreshes nothing")
                .isEqualTo(new TokenGrant.Refused("invalid_grant", "unknown or revoked refresh token"));

        TokenGrant.Issued second = (TokenGrant.Issued) refreshes.refresh(tokens.refreshToken(), APP);
        assertThat(second.expiresIn()).isEqualTo(Duration.ofHours(1));
        assertThat(access.authenticate(second.accessToken())).isPresent();

        db.inTransaction(() -> db.em().find(Account.class, alice.getId()).disable());
        assertThat(refreshes.refresh(second.refreshToken(), APP))
                .isEqualTo(new TokenGrant.Refused("invalid_grant", "account disabled"));
        assertThat(refreshes.refresh(second.refreshToken(), APP)).as("the refused grant used the token up")
                .isEqualTo(new TokenGrant.Refused("invalid_grant", "refresh token already used; its authorization is revoked"));
    }

    @Test
    void aRefreshAfterTheAuthorizationExpiredIsRefusedAndTheLastAccessTokenEndsWithIt() {
        TokenGrant.Issued tokens = approvedAndExchanged();
        clock.advance(Duration.ofDays(90).minusMinutes(30));
        TokenGrant.Issued last = (TokenGrant.Issued) refreshes.refresh(tokens.refreshToken(), APP);
        assertThat(last.expiresIn()).as("no access token outlives its authorization").isEqualTo(Duration.ofMinutes(30));

        clock.advance(Duration.ofMinutes(31));
        assertThat(refreshes.refresh(last.refreshToken(), APP))
                .isEqualTo(new TokenGrant.Refused("invalid_grant", "authorization expired"));
    }

    /** Authorizations whose revocation commits, as the EJB's own transaction does in the server. */
    static final class CommittingAuthorizations extends Authorizations {
        private final JpaDatabase db;
        private final Authorizations delegate;

        CommittingAuthorizations(JpaDatabase db, Authorizations delegate) {
            this.db = db;
            this.delegate = delegate;
        }

        @Override
        public void revoke(long authorizationId, String reason) {
            db.inTransaction(() -> {
                delegate.revoke(authorizationId, reason);
                return null;
            });
        }
    }
}
