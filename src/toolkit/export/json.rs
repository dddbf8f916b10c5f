//! Streaming over the users array of a JSON document, one element at a time.
//!
//! Exports of millions of users are single JSON documents (`{"users":[...]}`, `[...]`); reading
//! one whole would take gigabytes. Here only one element is held at a time, other top-level
//! members are skipped without being stored, and each element is bounded by the record limit
//! (see [`super::Meter`]). An element of the wrong shape is reported and skipped; a syntax error
//! ends the document.

use std::fmt;
use std::io::BufRead;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::{Entry, ExportError, Format, Meter, Metered, Options, malformed, too_long};
use crate::error::Error;

/// Turns one element into an account; `None` skips it.
pub(super) type ObjectReader<'a> =
    dyn FnMut(&Map<String, Value>) -> Option<Result<super::Account, Error>> + 'a;

/// Where the accounts are in the document.
#[derive(Clone, Copy)]
pub(super) enum Path {
    /// The document is the array.
    Top,
    /// The array is this member of the top-level object.
    Member(&'static str),
}

/// Call `each(index, element)` for every element of the array at `path` (index from 1). An
/// element that is not an object is answered with an error entry. `each` returns `None` to skip
/// an element that is not an account (a non-user model in a Django dump).
pub(super) fn each_object(
    input: &mut dyn BufRead,
    format: Format,
    options: &Options,
    path: Path,
    sink: &mut dyn FnMut(Entry),
    each: &mut ObjectReader<'_>,
) -> Result<(), ExportError> {
    let meter = Meter::new(options.max_record_bytes);
    let mut index = 0u64;
    let mut on_element = |v: Value| {
        index += 1;
        let account = match v {
            Value::Object(obj) => match each(&obj) {
                Some(a) => a,
                None => return,
            },
            _ => Err(malformed(
                format,
                "user",
                "an element of the users array is not an object",
            )),
        };
        sink(Entry {
            position: index,
            account,
        });
    };
    let mut found = false;
    let reader = Metered {
        inner: input,
        meter: &meter,
    };
    let mut de = serde_json::Deserializer::from_reader(reader);
    let result = Document {
        path,
        meter: &meter,
        each: &mut on_element,
        found: &mut found,
    }
    .deserialize(&mut de)
    .and_then(|()| de.end());
    match result {
        Ok(()) if found => Ok(()),
        Ok(()) => Err(ExportError::Invalid(match path {
            Path::Member(key) => malformed(format, "json", format!("no \"{key}\" array")),
            Path::Top => malformed(format, "json", "not an array"),
        })),
        Err(_) if meter.tripped() => Err(ExportError::Invalid(too_long(
            format,
            options.max_record_bytes,
        ))),
        Err(e) if e.is_io() => Err(ExportError::Io(std::io::Error::other(e.to_string()))),
        Err(e) => Err(ExportError::Invalid(malformed(
            format,
            "json",
            format!(
                "{} at line {} column {}",
                match e.classify() {
                    serde_json::error::Category::Syntax => "syntax error",
                    serde_json::error::Category::Eof => "unexpected end of input",
                    _ => "unexpected value",
                },
                e.line(),
                e.column()
            ),
        ))),
    }
}

struct Document<'a> {
    path: Path,
    meter: &'a Meter,
    each: &'a mut dyn FnMut(Value),
    found: &'a mut bool,
}

impl<'de> DeserializeSeed<'de> for Document<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Document<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path {
            Path::Top => f.write_str("an array of users"),
            Path::Member(key) => write!(f, "an object with a \"{key}\" array"),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        match self.path {
            Path::Top => {
                *self.found = true;
                elements(seq, self.meter, self.each)
            }
            Path::Member(_) => Err(de::Error::invalid_type(de::Unexpected::Seq, &self)),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Path::Member(wanted) = self.path else {
            return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
        };
        loop {
            self.meter.reset();
            let Some(key) = map.next_key::<String>()? else {
                return Ok(());
            };
            if key == wanted && !*self.found {
                *self.found = true;
                map.next_value_seed(Elements {
                    meter: self.meter,
                    each: &mut *self.each,
                })?;
            } else {
                // Skipped members are not stored: they get the larger skip allowance.
                self.meter.skipping(true);
                map.next_value::<IgnoredAny>()?;
                self.meter.skipping(false);
            }
        }
    }
}

struct Elements<'a> {
    meter: &'a Meter,
    each: &'a mut dyn FnMut(Value),
}

impl<'de> DeserializeSeed<'de> for Elements<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Elements<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of users")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        elements(seq, self.meter, self.each)
    }
}

fn elements<'de, A: SeqAccess<'de>>(
    mut seq: A,
    meter: &Meter,
    each: &mut dyn FnMut(Value),
) -> Result<(), A::Error> {
    loop {
        meter.reset();
        match seq.next_element::<Value>()? {
            Some(v) => each(v),
            None => return Ok(()),
        }
    }
}

/// One line of JSON lines as an object, for the NDJSON forms of the vendor exports.
pub(super) fn line_object(format: Format, line: &str) -> Result<Map<String, Value>, Error> {
    match serde_json::from_str::<Value>(line) {
        Ok(Value::Object(obj)) => Ok(obj),
        Ok(_) => Err(malformed(format, "line", "not a JSON object")),
        Err(e) => Err(malformed(
            format,
            "line",
            format!("not JSON (column {})", e.column()),
        )),
    }
}
