//! The network family: Windows (NT, LM, cached domain credentials), Cisco and Fortinet device
//! formats.
//!
//! Only Cisco's `$8$` and `$9$` and FortiOS's `AK1` and `SH2` carry a marker. The rest are bare shapes (32 hex digits, 16
//! crypt64 characters) that several formats share, or cannot be recognised at all (Cisco type 7):
//! those need the scheme hint, and the cached credentials and ASA/PIX account hashes need the user
//! name too.

use std::sync::Arc;

use crate::scheme::Scheme;

pub(crate) mod cisco;
pub(crate) mod fortigate;
pub(crate) mod windows;

/// This family's schemes, in identification order.
pub(crate) fn schemes() -> Vec<Arc<dyn Scheme>> {
    vec![
        Arc::new(cisco::CiscoSecret::TYPE8),
        Arc::new(cisco::CiscoSecret::TYPE9),
        Arc::new(fortigate::Fortigate::SHA1),
        Arc::new(fortigate::Fortigate::SHA256),
        // Marker-less shapes.
        Arc::new(windows::WindowsHash::NTHASH),
        Arc::new(windows::WindowsHash::LMHASH),
        Arc::new(windows::WindowsHash::MSDCC),
        Arc::new(windows::WindowsHash::MSDCC2),
        Arc::new(cisco::CiscoMd5::PIX),
        Arc::new(cisco::CiscoMd5::ASA),
        Arc::new(cisco::CiscoType7),
    ]
}
