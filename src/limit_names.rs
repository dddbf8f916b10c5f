//! [`Limits`] fields by name, for configuration that arrives as text: the CLI's
//! `--limit KEY=VALUE`, a service's settings file, the Python and Node packages' keyword options.
//!
//! One table names every field once, so a new field cannot be settable from Rust and not from
//! the command line: a test compares the table with the struct's `Debug` output.

use crate::error::{Error, Result};
use crate::limits::Limits;

/// Read one field as `u64`.
type Getter = fn(&Limits) -> u64;
/// Write one field from `u64`; `Err` carries the largest value the field's type holds.
type Setter = fn(&mut Limits, u64) -> core::result::Result<(), u64>;

/// `usize` has no `From<usize> for u64` (it may be wider one day), so it gets its own pair.
fn usize_get(v: usize) -> u64 {
    u64::try_from(v).unwrap_or(u64::MAX)
}
fn usize_set(field: &mut usize, value: u64) -> core::result::Result<(), u64> {
    *field = usize::try_from(value).map_err(|_| usize_get(usize::MAX))?;
    Ok(())
}

macro_rules! table {
    ($($name:ident: $kind:ident),* $(,)?) => {
        /// Every field: name, getter, setter.
        const FIELDS: &[(&str, Getter, Setter)] = &[
            $((stringify!($name), table!(@get $kind $name), table!(@set $kind $name)),)*
        ];
    };
    (@get usize $name:ident) => { |l: &Limits| usize_get(l.$name) };
    (@get $t:ident $name:ident) => { |l: &Limits| u64::from(l.$name) };
    (@set usize $name:ident) => { |l: &mut Limits, v: u64| usize_set(&mut l.$name, v) };
    (@set $t:ident $name:ident) => {
        |l: &mut Limits, v: u64| {
            l.$name = <$t>::try_from(v).map_err(|_| u64::from(<$t>::MAX))?;
            Ok(())
        }
    };
}

table! {
    max_password_bytes: usize,
    max_hash_bytes: usize,
    max_salt_bytes: usize,
    max_work: u64,
    max_memory_bytes: u64,
    max_kept_bytes: u64,
    max_bcrypt_cost: u32,
    max_crypt_rounds: u64,
    max_pbkdf2_iterations: u64,
    max_output_bytes: usize,
    max_argon2_passes: u32,
    max_argon2_lanes: u32,
}

impl Limits {
    /// The names [`Limits::set`] and [`Limits::get`] accept: the field names, in declaration
    /// order.
    pub fn names() -> impl Iterator<Item = &'static str> {
        FIELDS.iter().map(|(name, _, _)| *name)
    }

    /// The value of the field called `name`, or `None` for a name that is not a field.
    pub fn get(&self, name: &str) -> Option<u64> {
        FIELDS
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, get, _)| get(self))
    }

    /// Set the field called `name` (as in [`Limits::names`]) to `value`.
    ///
    /// ```
    /// let mut limits = hashbridge::Limits::default();
    /// limits.set("max_memory_bytes", 1 << 30)?;
    /// assert_eq!(limits.max_memory_bytes, 1 << 30);
    /// # Ok::<(), hashbridge::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::ErrorKind::Config`] for a name that is not a field, or a value the field's type
    /// cannot hold (a bcrypt cost over `u32::MAX`, say); `self` is then unchanged.
    pub fn set(&mut self, name: &str, value: u64) -> Result<()> {
        let (_, _, set) = FIELDS.iter().find(|(n, _, _)| *n == name).ok_or_else(|| {
            let known: Vec<&str> = Self::names().collect();
            Error::config(
                "limit",
                format!("no limit is called {name:?}; known: {}", known.join(", ")),
            )
        })?;
        set(self, value)
            .map_err(|max| Error::config("limit", format!("{name} cannot exceed {max}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The field names as `Debug` prints them: `Limits { a: 1, b: 2 }`.
    fn debug_field_names() -> Vec<String> {
        let text = format!("{:?}", Limits::default());
        let inner = text
            .trim_start_matches("Limits {")
            .trim_end_matches('}')
            .trim();
        inner
            .split(", ")
            .filter_map(|kv| kv.split_once(':').map(|(k, _)| k.trim().to_owned()))
            .collect()
    }

    #[test]
    fn the_table_names_every_field_once_in_order() {
        let names: Vec<String> = Limits::names().map(str::to_owned).collect();
        assert_eq!(names, debug_field_names());
    }

    #[test]
    fn every_field_round_trips_through_set_and_get() {
        for name in Limits::names() {
            let mut limits = Limits::default();
            let value = limits.get(name).map(|v| v / 2 + 1);
            let value = value.unwrap_or_else(|| panic!("{name} has no getter"));
            limits
                .set(name, value)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(limits.get(name), Some(value), "{name}");
            assert_ne!(limits, Limits::default(), "{name} changed nothing");
        }
    }

    #[test]
    fn unknown_names_and_oversized_values_are_config_errors() {
        let mut limits = Limits::default();
        let e = limits.set("max_everything", 1).err();
        assert_eq!(e.as_ref().map(Error::kind), Some(crate::ErrorKind::Config));
        assert!(
            e.map(|e| e.to_string())
                .unwrap_or_default()
                .contains("max_work")
        );
        let e = limits.set("max_bcrypt_cost", u64::from(u32::MAX) + 1).err();
        assert_eq!(e.map(|e| e.kind()), Some(crate::ErrorKind::Config));
        assert_eq!(limits, Limits::default());
    }
}
