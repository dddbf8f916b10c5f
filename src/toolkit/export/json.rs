//! Streaming over the users array of a JSON document, one element at a time.
//!
//! Exports of millions of users are single JSON documents (`{"users":[...]}`, `[...]`); reading
//! one whole would take gigabytes. Here only one element is held at a time, other top-level
//! members are skipped without being stored, and each element is bounded by the record limit
//! (see [`super::Meter`]). An element of the wrong shape is reported and skipped; a syntax error
//! ends the document.
//!
//! Each element is also bounded in depth ([`MAX_DEPTH`]). serde_json refuses a document nested
//! 128 levels deep, and that refusal would end the read, losing every user after one hostile
//! record; an element is instead read by our own depth-counting visitor, and one that nests
//! deeper is skipped to its end (serde_json skips without recursing) and reported as an error
//! entry, so reading goes on with the next element. Such an element is reported whatever it
//! holds, since too deep to read is too deep to tell a user from another object.

use std::cell::Cell;
use std::fmt;
use std::io::BufRead;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::{Entry, ExportError, Format, Meter, Metered, Options, malformed};
use crate::error::Error;

/// How deep one element (a user) may nest, the element itself being level 1. Real records are a
/// few levels deep (a Keycloak user's credentials, a Django object's fields); this is far above
/// them and far below serde_json's limit of 128 for the whole document.
pub(super) const MAX_DEPTH: usize = 64;

/// An element nested deeper than [`MAX_DEPTH`].
struct TooDeep;

/// The error entry for an element nested deeper than [`MAX_DEPTH`].
fn too_deep(format: Format) -> Error {
    Error::limit(
        format.name(),
        "nesting depth",
        MAX_DEPTH as u64 + 1,
        MAX_DEPTH as u64,
        "",
    )
}

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
    let mut on_element = |v: Result<Value, TooDeep>| {
        index += 1;
        let account = match v {
            Ok(Value::Object(obj)) => match each(&obj) {
                Some(a) => a,
                None => return,
            },
            Ok(_) => Err(malformed(
                format,
                "user",
                "an element of the users array is not an object",
            )),
            Err(TooDeep) => Err(too_deep(format)),
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
        Err(_) if meter.tripped() => Err(ExportError::Invalid(meter.limit_error(format))),
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

/// Receives each element of the users array.
type OnElement<'a> = dyn FnMut(Result<Value, TooDeep>) + 'a;

struct Document<'a> {
    path: Path,
    meter: &'a Meter,
    each: &'a mut OnElement<'a>,
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

struct Elements<'a, 'e> {
    meter: &'a Meter,
    each: &'a mut OnElement<'e>,
}

impl<'de> DeserializeSeed<'de> for Elements<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Elements<'_, '_> {
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
    each: &mut OnElement<'_>,
) -> Result<(), A::Error> {
    loop {
        meter.reset();
        let deep = Cell::new(false);
        match seq.next_element_seed(Bounded::new(&deep))? {
            Some(_) if deep.get() => each(Err(TooDeep)),
            Some(v) => each(Ok(v)),
            None => return Ok(()),
        }
    }
}

/// Reads a [`Value`] no deeper than [`MAX_DEPTH`]: a container below that is skipped to its end
/// and `too_deep` set, so that the input stays in step and the caller can report the element.
struct Bounded<'a> {
    depth: usize,
    too_deep: &'a Cell<bool>,
}

impl<'a> Bounded<'a> {
    fn new(too_deep: &'a Cell<bool>) -> Self {
        Bounded { depth: 1, too_deep }
    }

    fn child(&self) -> Self {
        Bounded {
            depth: self.depth + 1,
            too_deep: self.too_deep,
        }
    }

    /// Whether a container here is too deep; if so, note it for the caller.
    fn over(&self) -> bool {
        let over = self.depth > MAX_DEPTH;
        if over {
            self.too_deep.set(true);
        }
        over
    }
}

impl<'de> DeserializeSeed<'de> for Bounded<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Bounded<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        if self.over() {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(Value::Null);
        }
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(self.child())? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        if self.over() {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(Value::Null);
        }
        let mut members = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let v = map.next_value_seed(self.child())?;
            members.insert(key, v);
        }
        Ok(Value::Object(members))
    }
}

/// One line of JSON lines as an object, for the NDJSON forms of the vendor exports, held to
/// [`MAX_DEPTH`] like an element of a document.
pub(super) fn line_object(format: Format, line: &str) -> Result<Map<String, Value>, Error> {
    let deep = Cell::new(false);
    let mut de = serde_json::Deserializer::from_str(line);
    let read = Bounded::new(&deep)
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v));
    match read {
        _ if deep.get() => Err(too_deep(format)),
        Ok(Value::Object(obj)) => Ok(obj),
        Ok(_) => Err(malformed(format, "line", "not a JSON object")),
        Err(e) => Err(malformed(
            format,
            "line",
            format!("not JSON (column {})", e.column()),
        )),
    }
}
