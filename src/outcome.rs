//! The answer to a verify.

/// The result of judging a password against a stored credential.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Outcome {
    /// Whether the password is right.
    pub valid: bool,
    /// Id of the scheme the credential was read as.
    pub scheme: String,
    /// Whether the stored hash is legacy or weaker than the policy's target. Only meaningful
    /// (and only computed) when `valid`.
    pub needs_upgrade: bool,
    /// The new hash to store in place of the old one, when `valid`, `needs_upgrade`, and the
    /// migrator was asked to rehash. Store it atomically with the login.
    pub upgrade: Option<String>,
}
