//! The vendor family: password exports of identity platforms (Firebase Auth, Keycloak, Auth0,
//! Okta, Entra ID's synchronised hashes) and the account stores of enterprise applications
//! (SolarWinds Orion, Oracle Transportation Management, RSA NetWitness, Anope IRC services).
//! Their credentials are JSON objects, bare base64 or hex with parameters beside them, or
//! strings of the vendor's own shape; each module says where its format comes from and what it
//! needs.

use std::sync::Arc;

use crate::scheme::Scheme;

pub(crate) mod anope;
pub(crate) mod auth0;
pub(crate) mod common;
pub(crate) mod enterprise;
pub(crate) mod entra;
pub(crate) mod firebase;
pub(crate) mod keycloak;
pub(crate) mod okta;
pub(crate) mod solarwinds;

/// This family's schemes, in identification order. The crypt/PHC schemes that Keycloak's,
/// Auth0's and Okta's bcrypt and argon2 forms verify through are built once, here.
pub(crate) fn schemes() -> Vec<Arc<dyn Scheme>> {
    let bcrypt = crate::schemes::core("bcrypt");
    let argon2 = crate::schemes::core("argon2");
    let mut v: Vec<Arc<dyn Scheme>> = vec![Arc::new(keycloak::KeycloakPbkdf2)];
    if let Some(argon2) = &argon2 {
        v.push(Arc::new(keycloak::KeycloakArgon2::new(argon2.clone())));
    }
    v.extend([
        Arc::new(auth0::Auth0CustomPasswordHash::new(bcrypt.clone(), argon2)) as Arc<dyn Scheme>,
        Arc::new(okta::OktaPasswordHash::new(bcrypt)),
        Arc::new(firebase::FirebaseScrypt),
        Arc::new(enterprise::OracleOtm),
        Arc::new(entra::EntraPhs),
        Arc::new(anope::AnopeSha256),
        // Bare digests: the hint selects them.
        Arc::new(solarwinds::SolarWinds::V1),
        Arc::new(solarwinds::SolarWinds::V2),
        Arc::new(enterprise::NetWitness),
    ]);
    v
}
