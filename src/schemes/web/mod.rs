//! The web family: the stored-password formats of web frameworks and applications.
//!
//! * Django (`django_*`): PBKDF2, scrypt, the salted digests of Django 1.0–1.3, and wrappers
//!   around bcrypt, argon2 and DES crypt.
//! * Werkzeug / Flask (`werkzeug_*`), web2py / pyDAL (`web2py_pbkdf2`).
//! * AuthMe, the Minecraft servers' login plugin (`authme_sha256`).
//! * PHP applications: PHPass (WordPress, phpBB), Drupal 7, and the nested MD5/SHA-1 recipes of
//!   Joomla, osCommerce, vBulletin, MyBB, Redmine, PunBB, OpenCart, WBB3, PrestaShop and SMF;
//!   vBulletin 5's bcrypt over an MD5 pre-hash (`vbulletin5`, a bcrypt string: hint only); DataLife
//!   Engine, PHPFox, ThinkPHP 5, Empire CMS and CubeCart (`php_recipes`).
//! * Rails: the restful-authentication plugin (`rails_restful_auth`).
//! * WoltLab Community Framework 2.x: bcrypt of a bcrypt string (`woltlab_double_bcrypt`).
//! * .NET: ASP.NET Identity v2/v3, SqlMembershipProvider digests, Umbraco, PeopleSoft.
//! * MediaWiki's salted MD5 (`:B:`).
//! * Apache Jackrabbit Oak / Adobe AEM iterated digests (`{SHA-256}salt-1000-hex`).
//! * Spring Security's `DelegatingPasswordEncoder` (`{id}...`).
//!
//! Wrappers over the crypt/PHC families (`django_argon2`, `django_bcrypt`,
//! `django_bcrypt_sha256`, `django_des_crypt`) are registered only when the scheme they wrap is
//! built in.

use std::sync::Arc;

use crate::scheme::Scheme;

pub(crate) mod authme;
mod common;
pub(crate) mod django_pbkdf2;
pub(crate) mod django_salted;
pub(crate) mod django_scrypt;
pub(crate) mod django_wrappers;
pub(crate) mod dotnet;
pub(crate) mod jackrabbit;
pub(crate) mod mediawiki;
pub(crate) mod php_apps;
pub(crate) mod php_recipes;
pub(crate) mod phpass;
pub(crate) mod rails;
pub(crate) mod spring;
pub(crate) mod vbulletin5;
pub(crate) mod web2py;
pub(crate) mod werkzeug;
pub(crate) mod woltlab;

use django_wrappers::{DjangoBcryptSha256, DjangoDesCrypt, DjangoDisabled};
use dotnet::{AspNetIdentityV2, AspNetIdentityV3, DotNetDigest};
use php_apps::PhpApp;
use php_recipes::PhpRecipe;
use phpass::Portable;

/// This family's schemes, in identification order.
pub(crate) fn schemes() -> Vec<Arc<dyn Scheme>> {
    let core = crate::schemes::core;
    let bcrypt = core("bcrypt");
    let argon2 = core("argon2");
    let des = core("des_crypt");

    let mut v: Vec<Arc<dyn Scheme>> = django_pbkdf2::DjangoPbkdf2::ALL
        .map(|s| Arc::new(s) as Arc<dyn Scheme>)
        .to_vec();
    if let Some(a) = &argon2 {
        v.push(Arc::new(django_wrappers::django_argon2(a.clone())));
    }
    if let Some(b) = &bcrypt {
        v.push(Arc::new(django_wrappers::django_bcrypt(b.clone())));
        v.push(Arc::new(DjangoBcryptSha256::new(b.clone())));
        v.push(Arc::new(vbulletin5::Vbulletin5::new(b.clone())));
    }
    v.push(Arc::new(django_scrypt::DjangoScrypt));
    v.extend(django_salted::DjangoSalted::ALL.map(|s| Arc::new(s) as Arc<dyn Scheme>));
    if let Some(d) = des {
        v.push(Arc::new(DjangoDesCrypt::new(d)));
    }
    v.push(Arc::new(DjangoDisabled));
    v.extend([
        Arc::new(werkzeug::WerkzeugPbkdf2) as Arc<dyn Scheme>,
        Arc::new(werkzeug::WerkzeugScrypt),
        Arc::new(werkzeug::WerkzeugSalted),
        Arc::new(web2py::Web2pyPbkdf2),
        Arc::new(authme::AuthMeSha256),
        Arc::new(Portable::PHPASS),
        Arc::new(Portable::DRUPAL7),
        Arc::new(PhpApp::JOOMLA),
        Arc::new(PhpApp::OSCOMMERCE),
        Arc::new(PhpApp::VBULLETIN),
        Arc::new(PhpApp::MYBB),
        Arc::new(PhpApp::REDMINE),
        Arc::new(PhpApp::PUNBB),
        Arc::new(PhpApp::OPENCART),
        Arc::new(PhpApp::WBB3),
        Arc::new(PhpApp::PRESTASHOP),
        Arc::new(PhpApp::SMF),
        Arc::new(rails::RailsRestfulAuth),
        Arc::new(PhpRecipe::DLE),
        Arc::new(PhpRecipe::PHPFOX),
        Arc::new(PhpRecipe::THINKPHP5),
        Arc::new(PhpRecipe::EMPIRECMS),
        Arc::new(PhpRecipe::CUBECART),
        Arc::new(woltlab::WoltlabDoubleBcrypt),
        Arc::new(AspNetIdentityV3),
        Arc::new(AspNetIdentityV2),
        Arc::new(DotNetDigest::MEMBERSHIP_SHA1),
        Arc::new(DotNetDigest::MEMBERSHIP_SHA256),
        Arc::new(DotNetDigest::MEMBERSHIP_MD5),
        Arc::new(DotNetDigest::MEMBERSHIP_SHA384),
        Arc::new(DotNetDigest::MEMBERSHIP_SHA512),
        Arc::new(DotNetDigest::UMBRACO),
        Arc::new(DotNetDigest::PEOPLESOFT),
        Arc::new(mediawiki::MediawikiB),
        // Before Spring's `{SHA-256}`: these claim only Oak's `salt-iterations-hash` bodies.
        Arc::new(jackrabbit::Jackrabbit::SHA256),
        Arc::new(jackrabbit::Jackrabbit::SHA512),
        Arc::new(spring::SpringDelegating::new(bcrypt, argon2)),
    ]);
    v
}
