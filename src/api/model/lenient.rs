//! Lenient field (de)serializers shared by every model type (§1.3).
//!
//! Owns the one place that decides how a wire scalar is read: numbers and booleans may come
//! as JSON strings (`"1"`, `"708"`, `"false"`), `""` and `null` mean absent, and integers are
//! accepted for string codes. serde_json is built with `arbitrary_precision`, so a JSON number
//! reaches a visitor as a one-entry map keyed by serde_json's private token; [`Scalar`] folds
//! that back into a number. Output is canonical: money is emitted as a JSON number keeping its
//! scale (`18.00` stays `18.00`). Must not do I/O and must not know field names.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Serialize, Serializer};

/// The key serde_json uses for an arbitrary-precision number inside a map.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// One wire scalar, whatever JSON type carried it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    /// `null`, `""` (after trimming) or a missing value.
    Absent,
    Bool(bool),
    /// A JSON string (trimmed, not empty).
    Text(String),
    /// A JSON number, as its decimal text.
    Number(String),
    /// An object or array where a scalar was expected.
    Other,
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, number, boolean or null")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Number(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Number(v.to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Scalar, E> {
        Ok(Scalar::Number(v.to_string()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Scalar, E> {
        Ok(Scalar::Number(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Number(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        let t = v.trim();
        Ok(if t.is_empty() { Scalar::Absent } else { Scalar::Text(t.to_owned()) })
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
        if v.trim().len() == v.len() {
            Ok(if v.is_empty() { Scalar::Absent } else { Scalar::Text(v) })
        } else {
            self.visit_str(&v)
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Absent)
    }
    fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Absent)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        let first: Option<std::borrow::Cow<'de, str>> = map.next_key()?;
        if first.as_deref() == Some(NUMBER_TOKEN) {
            let text: String = map.next_value()?;
            return Ok(Scalar::Number(text));
        }
        if first.is_some() {
            map.next_value::<IgnoredAny>()?;
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        }
        Ok(Scalar::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other)
    }
}

pub(crate) fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
    d.deserialize_any(ScalarVisitor)
}

/// Parses a decimal from plain or scientific notation.
pub(crate) fn parse_decimal(s: &str) -> Option<Decimal> {
    Decimal::from_str(s).ok().or_else(|| Decimal::from_scientific(s).ok())
}

fn decimal_of<E: de::Error>(s: Scalar) -> Result<Option<Decimal>, E> {
    match s {
        Scalar::Absent | Scalar::Other => Ok(None),
        Scalar::Bool(b) => Err(E::custom(format!("expected a decimal number, got {b}"))),
        Scalar::Text(t) | Scalar::Number(t) => {
            parse_decimal(&t).map(Some).ok_or_else(|| E::custom(format!("expected a decimal number, got {t:?}")))
        }
    }
}

fn u64_of<E: de::Error>(s: Scalar) -> Result<Option<u64>, E> {
    match s {
        Scalar::Absent | Scalar::Other => Ok(None),
        Scalar::Bool(b) => Err(E::custom(format!("expected an integer, got {b}"))),
        Scalar::Text(t) | Scalar::Number(t) => match t.parse::<u64>() {
            Ok(n) => Ok(Some(n)),
            // "42.0" is an integer written as a decimal; accept it, reject "42.5".
            Err(_) => match parse_decimal(&t) {
                Some(d) if d.fract().is_zero() && d >= Decimal::ZERO => {
                    u64::try_from(d).map(Some).map_err(|_| E::custom(format!("integer out of range: {t:?}")))
                }
                _ => Err(E::custom(format!("expected an integer, got {t:?}"))),
            },
        },
    }
}

fn bool_of<E: de::Error>(s: Scalar) -> Result<Option<bool>, E> {
    match s {
        Scalar::Absent | Scalar::Other => Ok(None),
        Scalar::Bool(b) => Ok(Some(b)),
        Scalar::Text(t) | Scalar::Number(t) => match t.to_ascii_lowercase().as_str() {
            "true" | "1" | "si" | "sí" => Ok(Some(true)),
            "false" | "0" | "no" => Ok(Some(false)),
            _ => Err(E::custom(format!("expected a boolean, got {t:?}"))),
        },
    }
}

/// `Option<Decimal>`: numbers, numeric strings; `""`/`null` → `None`.
pub mod opt_decimal {
    use super::*;
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        decimal_of(scalar(d)?)
    }
    pub fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(d) => super::decimal::serialize(d, s),
            None => s.serialize_none(),
        }
    }
}

/// `Decimal` (required): as [`opt_decimal`], but absent is an error.
pub mod decimal {
    use super::*;
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        decimal_of(scalar(d)?)?.ok_or_else(|| de::Error::custom("expected a decimal number, got nothing"))
    }
    /// Emits the decimal as a JSON number keeping its scale (`18.00`).
    pub fn serialize<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        // Decimal's Display never uses exponents, so it is always a valid JSON number.
        serde_json::Number::from_str(&v.to_string()).map_err(serde::ser::Error::custom)?.serialize(s)
    }
}

/// `Option<u32>` from integers or numeric strings.
pub mod opt_u32 {
    use super::*;
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        match u64_of(scalar(d)?)? {
            None => Ok(None),
            Some(n) => u32::try_from(n).map(Some).map_err(|_| de::Error::custom(format!("integer out of range: {n}"))),
        }
    }
    pub fn serialize<S: Serializer>(v: &Option<u32>, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }
}

/// `u32` (required) from integers or numeric strings.
pub mod req_u32 {
    use super::*;
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        super::opt_u32::deserialize(d)?.ok_or_else(|| de::Error::custom("expected an integer, got nothing"))
    }
    pub fn serialize<S: Serializer>(v: &u32, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(*v)
    }
}

/// `Option<bool>` from booleans, `"true"`/`"false"`, `1`/`0`.
pub mod opt_bool {
    use super::*;
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        bool_of(scalar(d)?)
    }
    pub fn serialize<S: Serializer>(v: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }
}

/// `bool` (required) as [`opt_bool`]; absent reads as `false`.
pub mod req_bool {
    use super::*;
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        Ok(super::opt_bool::deserialize(d)?.unwrap_or(false))
    }
    pub fn serialize<S: Serializer>(v: &bool, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bool(*v)
    }
}

/// `Option<String>` from strings or numbers (numbers keep their text); `""` → `None`.
pub mod opt_string {
    use super::*;
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(match scalar(d)? {
            Scalar::Text(t) | Scalar::Number(t) => Some(t),
            Scalar::Bool(b) => Some(b.to_string()),
            Scalar::Absent | Scalar::Other => None,
        })
    }
    pub fn serialize<S: Serializer>(v: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }
}

/// `String` (required) from strings or numbers; absent reads as `""` so that validation,
/// not parsing, reports it.
pub mod string {
    use super::*;
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        Ok(super::opt_string::deserialize(d)?.unwrap_or_default())
    }
    pub fn serialize<S: Serializer>(v: &str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v)
    }
}

/// A `Vec<T>` where `null`/`""` mean empty. A list whose elements do not parse is an
/// error naming the element: silently dropping lines would lose the caller's data.
pub mod vec {
    use std::marker::PhantomData;

    use super::*;
    use serde::Deserialize;

    struct ListVisitor<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list, null or \"\"")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_none<E: de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<T>, E> {
            if v.trim().is_empty() { Ok(Vec::new()) } else { Err(E::custom(format!("expected a list, got {v:?}"))) }
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
            while let Some(item) = seq.next_element()? {
                out.push(item);
            }
            Ok(out)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_any(ListVisitor(PhantomData))
    }
}

/// Implemented by the code-table enums: their wire code and a parser accepting the code as
/// a string or an integer.
pub(crate) trait Code: Sized + Copy {
    /// The name of the table, for error messages.
    const TABLE: &'static str;
    fn from_wire(text: &str) -> Option<Self>;
}

/// Reads an optional code from a string or an integer; an unknown code is an error naming
/// the table.
pub(crate) fn opt_code<'de, D: Deserializer<'de>, C: Code>(d: D) -> Result<Option<C>, D::Error> {
    match scalar(d)? {
        Scalar::Absent | Scalar::Other => Ok(None),
        Scalar::Bool(b) => Err(de::Error::custom(format!("{} must be a code, got {b}", C::TABLE))),
        Scalar::Text(t) | Scalar::Number(t) => {
            C::from_wire(&t).map(Some).ok_or_else(|| de::Error::custom(format!("unknown {} code {t:?}", C::TABLE)))
        }
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    struct Probe {
        #[serde(default, with = "opt_decimal", skip_serializing_if = "Option::is_none")]
        amount: Option<Decimal>,
        #[serde(default, with = "opt_u32")]
        n: Option<u32>,
        #[serde(default, with = "opt_bool")]
        flag: Option<bool>,
        #[serde(default, with = "opt_string")]
        text: Option<String>,
    }

    #[test]
    fn strings_for_numbers_and_booleans_and_empty_strings_are_read_leniently() {
        let p: Probe = serde_json::from_str(r#"{"amount":"708","n":"42","flag":"false","text":12}"#).unwrap();
        assert_eq!(p, Probe { amount: Some(dec!(708)), n: Some(42), flag: Some(false), text: Some("12".into()) });
        let p: Probe = serde_json::from_str(r#"{"amount":"","n":null,"flag":"","text":"","zzz":[1]}"#).unwrap();
        assert_eq!(p, Probe { amount: None, n: None, flag: None, text: None });
    }

    #[test]
    fn json_numbers_keep_their_scale_both_ways() {
        let p: Probe = serde_json::from_str(r#"{"amount":18.00,"n":7.0,"flag":true}"#).unwrap();
        assert_eq!(p.amount.unwrap().scale(), 2);
        assert_eq!(p.n, Some(7));
        let out =
            serde_json::to_string(&Probe { amount: Some(dec!(158.00)), n: None, flag: None, text: None }).unwrap();
        assert_eq!(out, r#"{"amount":158.00,"n":null,"flag":null,"text":null}"#);
    }

    #[test]
    fn a_non_numeric_string_for_a_decimal_is_an_error() {
        assert!(serde_json::from_str::<Probe>(r#"{"amount":"abc"}"#).is_err());
        assert!(serde_json::from_str::<Probe>(r#"{"n":"4.5"}"#).is_err());
    }
}
