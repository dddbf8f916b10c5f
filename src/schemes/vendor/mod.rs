//! The vendor family: password exports of identity platforms (Firebase Auth, Keycloak, Auth0,
//! Okta). Their credentials are JSON objects or bare base64 with project parameters beside them,
//! not crypt strings; each module says where its format comes from and what it needs.

use std::sync::Arc;

use crate::scheme::Scheme;

pub mod auth0;
mod common;
pub mod firebase;
pub mod keycloak;
pub mod okta;

/// This family's schemes, in identification order.
pub(crate) fn schemes() -> Vec<Arc<dyn Scheme>> {
    let mut v: Vec<Arc<dyn Scheme>> = vec![Arc::new(keycloak::KeycloakPbkdf2)];
    if let Some(argon2) = crate::schemes::core("argon2") {
        v.push(Arc::new(keycloak::KeycloakArgon2::new(argon2)));
    }
    v.extend([
        Arc::new(auth0::Auth0CustomPasswordHash) as Arc<dyn Scheme>,
        Arc::new(okta::OktaPasswordHash),
        Arc::new(firebase::FirebaseScrypt),
    ]);
    v
}
