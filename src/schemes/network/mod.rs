//! The network family: Windows (NT, LM, cached domain credentials), network device formats
//! (Cisco, Fortinet, Citrix NetScaler, Juniper, Dahua) and the account hashes of other operating
//! systems and their directories (Kerberos keys, z/OS RACF, Radmin).
//!
//! Only Cisco's `$8$` and `$9$` and FortiOS's `AK1` and `SH2` carry a marker. The rest are bare shapes (32 hex digits, 16
//! crypt64 characters) that several formats share, or cannot be recognised at all (Cisco type 7):
//! those need the scheme hint, and the cached credentials and ASA/PIX account hashes need the user
//! name too.

use std::sync::Arc;

use crate::scheme::Scheme;

pub(crate) mod cisco;
pub(crate) mod cisco_type4;
pub(crate) mod dahua;
pub(crate) mod fortigate;
pub(crate) mod juniper;
pub(crate) mod kerberos;
pub(crate) mod netscaler;
pub(crate) mod racf;
pub(crate) mod radmin;
pub(crate) mod windows;

/// This family's schemes, in identification order.
pub(crate) fn schemes() -> Vec<Arc<dyn Scheme>> {
    vec![
        Arc::new(cisco::CiscoSecret::TYPE8),
        Arc::new(cisco::CiscoSecret::TYPE9),
        Arc::new(fortigate::Fortigate::SHA1),
        Arc::new(fortigate::Fortigate::SHA256),
        // Marker-less shapes.
        Arc::new(netscaler::NetScaler::SHA1),
        Arc::new(netscaler::NetScaler::SHA512),
        Arc::new(juniper::JuniperScreenOs),
        Arc::new(cisco_type4::CiscoType4),
        Arc::new(windows::WindowsHash::NTHASH),
        Arc::new(windows::WindowsHash::LMHASH),
        Arc::new(windows::WindowsHash::MSDCC),
        Arc::new(windows::WindowsHash::MSDCC2),
        Arc::new(cisco::CiscoMd5::PIX),
        Arc::new(cisco::CiscoMd5::ASA),
        Arc::new(cisco::CiscoType7),
        Arc::new(kerberos::KerberosKey::AES128),
        Arc::new(kerberos::KerberosKey::AES256),
        Arc::new(racf::Racf),
        Arc::new(radmin::Radmin2),
        Arc::new(dahua::DahuaMd5),
        Arc::new(juniper::JuniperIve::new(crate::schemes::core("md5_crypt"))),
    ]
}
