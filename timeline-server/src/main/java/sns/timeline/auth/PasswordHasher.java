package sns.timeline.auth;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** BCrypt password hashes; only hashes are stored and replicated. */
public final class PasswordHasher {

    private final BCryptPasswordEncoder bcrypt;

    public PasswordHasher() {
        this(10);
    }

    public PasswordHasher(int bcryptStrength) {
        this.bcrypt = new BCryptPasswordEncoder(bcryptStrength);
    }

    public String hash(String rawPassword) {
        return bcrypt.encode(rawPassword);
    }

    /** False, never an exception, for a missing or malformed hash. */
    public boolean matches(String rawPassword, String hash) {
        if (rawPassword == null || hash == null || hash.isBlank()) {
            return false;
        }
        try {
            return bcrypt.matches(rawPassword, hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
