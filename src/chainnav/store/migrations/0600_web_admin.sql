-- Web platform, version 1: administrator accounts (argon2 password hashes; sessions are signed cookies).
CREATE TABLE IF NOT EXISTS web_user (
    username       VARCHAR PRIMARY KEY,
    password_hash  VARCHAR NOT NULL,   -- argon2id, in the PHC string format
    created_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    last_login     TIMESTAMP
);
