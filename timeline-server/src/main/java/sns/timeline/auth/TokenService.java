package sns.timeline.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Date;

/** Issues and verifies users' tokens: JWTs signed HS256 with the shared token secret, with an expiry. */
public final class TokenService {

    private static final String ISSUER = "sns";
    private static final String NAME_CLAIM = "name";

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Duration ttl;
    private final InstantSource clock;

    public TokenService(byte[] secret, Duration ttl, InstantSource clock) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("token secret must be at least 32 bytes");
        }
        try {
            this.signer = new MACSigner(secret);
            this.verifier = new MACVerifier(secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable token secret: " + e.getMessage(), e);
        }
        this.ttl = ttl;
        this.clock = clock;
    }

    public IssuedToken issue(String userId, String username) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(ttl);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(userId)
                .claim(NAME_CLAIM, username)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
        }
        return new IssuedToken(jwt.serialize(), expiresAt);
    }

    public VerifiedToken verify(String token) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw new InvalidTokenException("token is malformed");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new InvalidTokenException("token is not signed with HS256");
        }
        try {
            if (!jwt.verify(verifier)) {
                throw new InvalidTokenException("token signature is invalid");
            }
        } catch (JOSEException e) {
            throw new InvalidTokenException("token signature is invalid");
        }
        if (!ISSUER.equals(claims.getIssuer())) {
            throw new InvalidTokenException("token was not issued by sns");
        }
        Object name = claims.getClaim(NAME_CLAIM);
        if (claims.getSubject() == null || claims.getExpirationTime() == null || !(name instanceof String username)) {
            throw new InvalidTokenException("token lacks its subject, name or expiry");
        }
        Instant expiresAt = claims.getExpirationTime().toInstant();
        if (!clock.instant().isBefore(expiresAt)) {
            throw new InvalidTokenException("token has expired");
        }
        return new VerifiedToken(claims.getSubject(), username, expiresAt);
    }
}
