//! The crypt(3) family: the formats of `/etc/shadow`, libxcrypt and the BSDs.

use std::sync::Arc;

use crate::scheme::Scheme;

pub mod md5_crypt;

/// This family's schemes, in identification order.
pub(crate) fn schemes() -> Vec<Arc<dyn Scheme>> {
    vec![
        Arc::new(md5_crypt::Md5Crypt::MD5),
        Arc::new(md5_crypt::Md5Crypt::APR1),
    ]
}
