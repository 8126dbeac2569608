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
    /// A JSON integer that fits a u64 (the common case, no allocation).
    Unsigned(u64),
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
        Ok(Scalar::Unsigned(v))
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
        Scalar::Unsigned(n) => Ok(Some(Decimal::from(n))),
        Scalar::Absent | Scalar::Other => Ok(None),
        Scalar::Bool(b) => Err(E::custom(format!("expected a decimal number, got {b}"))),
        Scalar::Text(t) | Scalar::Number(t) => {
            parse_decimal(&t).map(Some).ok_or_else(|| E::custom(format!("expected a decimal number, got {t:?}")))
        }
    }
}

fn u64_of<E: de::Error>(s: Scalar) -> Result<Option<u64>, E> {
    match s {
        Scalar::Unsigned(n) => Ok(Some(n)),
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
        Scalar::Unsigned(1) => Ok(Some(true)),
        Scalar::Unsigned(0) => Ok(Some(false)),
        Scalar::Unsigned(n) => Err(E::custom(format!("expected a boolean, got {n}"))),
        Scalar::Absent | Scalar::Other => Ok(None),
        Scalar::Bool(b) => Ok(Some(b)),
        Scalar::Text(t) | Scalar::Number(t) => match t.to_ascii_lowercase().as_str() {
            "true" | "1" | "si" | "sí" => Ok(Some(true)),
            "false" | "0" | "no" => Ok(Some(false)),
            _ => Err(E::custom(format!("expected a boolean, got {t:?}"))),
        },
    }
}

/// `(m / 10^k, m % 10^k, 10^k)`, or `None` when 10^k does not fit a u64 (k > 19). The usual
/// small `k` are spelled out so that the division is by a constant (a multiplication),
/// not the slow hardware division by a runtime divisor.
pub(crate) fn split_pow10(m: u64, k: u32) -> Option<(u64, u64, u64)> {
    macro_rules! by {
        ($d:expr) => {
            Some((m / $d, m % $d, $d))
        };
    }
    match k {
        0 => Some((m, 0, 1)),
        1 => by!(10),
        2 => by!(100),
        3 => by!(1_000),
        4 => by!(10_000),
        5 => by!(100_000),
        6 => by!(1_000_000),
        7 => by!(10_000_000),
        8 => by!(100_000_000),
        9 => by!(1_000_000_000),
        10 => by!(10_000_000_000),
        _ => {
            let d = 10u64.checked_pow(k)?;
            by!(d)
        }
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
        use serde::ser::SerializeStruct;
        use std::fmt::Write;
        // Decimal's Display never uses exponents, so its text is always a valid JSON
        // number. It is written on the stack and handed over exactly as serde_json's own
        // arbitrary-precision `Number` does (a one-field struct named by its private
        // token), which skips the String and the re-parse of `Number::from_str`.
        let mut buf = StackText::default();
        if !write_plain(&mut buf, v) {
            write!(buf, "{v}").map_err(serde::ser::Error::custom)?;
        }
        let mut st = s.serialize_struct(NUMBER_TOKEN, 1)?;
        st.serialize_field(NUMBER_TOKEN, buf.as_str())?;
        st.end()
    }

    /// Writes `v` as `[-]digits[.digits]` keeping its scale, without going through
    /// `Display` (the hot path of serializing documents). Returns `false`, having written
    /// nothing, when the mantissa does not fit a u64; the caller then uses `Display`.
    fn write_plain(buf: &mut StackText, v: &Decimal) -> bool {
        let Ok(m) = u64::try_from(v.mantissa().unsigned_abs()) else {
            return false;
        };
        let scale = v.scale() as usize;
        // 10^scale must fit a u64 to split the mantissa; larger scales take `Display`.
        let Some((mut int, frac, _)) = super::split_pow10(m, v.scale()) else {
            return false;
        };
        // Digits are written backwards from the end of the buffer: the fraction with
        // exactly `scale` digits ("0.05" has fraction 05), the point, then the integer
        // part with at least one digit. At most 29 digits, a point and a sign: 31 bytes.
        let bytes = &mut buf.bytes;
        let mut pos = bytes.len();
        if scale > 0 {
            pos = put_fixed(bytes, pos, frac, scale);
            pos -= 1;
            bytes[pos] = b'.';
        }
        while int >= 100 {
            pos -= 2;
            let pair = (int % 100) as usize * 2;
            bytes[pos..pos + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
            int /= 100;
        }
        if int >= 10 {
            pos -= 2;
            let pair = int as usize * 2;
            bytes[pos..pos + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
        } else {
            pos -= 1;
            bytes[pos] = b'0' + int as u8;
        }
        if v.is_sign_negative() && !v.is_zero() {
            pos -= 1;
            bytes[pos] = b'-';
        }
        buf.start = pos;
        buf.len = bytes.len();
        true
    }

    /// Writes exactly `count` digits of `n` (`n < 10^count`, leading zeros kept) ending at
    /// `pos`, two at a time; returns where they start.
    fn put_fixed(bytes: &mut [u8; 32], mut pos: usize, mut n: u64, mut count: usize) -> usize {
        while count >= 2 {
            pos -= 2;
            let pair = (n % 100) as usize * 2;
            bytes[pos..pos + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
            n /= 100;
            count -= 2;
        }
        if count == 1 {
            pos -= 1;
            bytes[pos] = b'0' + (n % 10) as u8;
        }
        pos
    }

    /// "00" to "99", the two-digit groups of [`write_plain`].
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
                                2021222324252627282930313233343536373839\
                                4041424344454647484950515253545556575859\
                                6061626364656667686970717273747576777879\
                                8081828384858687888990919293949596979899";

    /// A fixed buffer big enough for any Decimal (at most 29 digits, a sign and a point: 31
    /// bytes); the text is `bytes[start..len]`.
    #[derive(Default)]
    struct StackText {
        bytes: [u8; 32],
        start: usize,
        len: usize,
    }

    impl StackText {
        fn as_str(&self) -> &str {
            // Only ASCII and whole `&str`s are ever copied in (over zeros), so the whole
            // buffer is valid UTF-8 and the range falls on character boundaries. The whole
            // buffer is checked, not the range: 32 bytes take the word-at-a-time ASCII path
            // of `from_utf8`, a short range goes byte by byte and costs more.
            std::str::from_utf8(&self.bytes).ok().and_then(|s| s.get(self.start..self.len)).unwrap_or("0")
        }
    }

    impl std::fmt::Write for StackText {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            let end = self.len + s.len();
            if end > self.bytes.len() {
                return Err(std::fmt::Error);
            }
            self.bytes[self.len..end].copy_from_slice(s.as_bytes());
            self.len = end;
            Ok(())
        }
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
            Scalar::Unsigned(n) => Some(n.to_string()),
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

/// A `Vec<T>` where `null`/`""` mean empty. An element that does not parse is an error
/// (never a silently empty list).
pub mod vec {
    use super::*;
    use serde::Deserialize;
    use std::marker::PhantomData;

    struct VecVisitor<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for VecVisitor<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list, null or \"\"")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
            while let Some(item) = seq.next_element()? {
                out.push(item);
            }
            Ok(out)
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
    }

    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_any(VecVisitor(PhantomData))
    }
}

/// Implemented by the code-table enums: their wire code and a parser accepting the code as
/// a string or an integer.
pub(crate) trait Code: Sized + Copy {
    /// The name of the table, for error messages.
    const TABLE: &'static str;
    fn from_wire(text: &str) -> Option<Self>;
    /// The value for a code sent as a JSON integer.
    fn from_u64(n: u64) -> Option<Self> {
        Self::from_wire(&n.to_string())
    }
}

/// Reads an optional code from a string or an integer; an unknown code is an error naming
/// the table.
pub(crate) fn opt_code<'de, D: Deserializer<'de>, C: Code>(d: D) -> Result<Option<C>, D::Error> {
    match scalar(d)? {
        Scalar::Absent | Scalar::Other => Ok(None),
        Scalar::Bool(b) => Err(de::Error::custom(format!("{} must be a code, got {b}", C::TABLE))),
        Scalar::Unsigned(n) => {
            C::from_u64(n).map(Some).ok_or_else(|| de::Error::custom(format!("unknown {} code {n}", C::TABLE)))
        }
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
    fn decimals_are_written_with_their_exact_scale_and_sign() {
        for (d, text) in [
            (dec!(18.00), "18.00"),
            (dec!(0.00), "0.00"),
            (dec!(0), "0"),
            (dec!(0.005), "0.005"),
            (dec!(-12.30), "-12.30"),
            (dec!(708), "708"),
            (dec!(99999999999.9999999999), "99999999999.9999999999"),
            (Decimal::MAX, "79228162514264337593543950335"),
            (dec!(0.5), "0.5"),
            (dec!(10), "10"),
            (dec!(100.10), "100.10"),
            (dec!(-0.01), "-0.01"),
            (dec!(1234567.891), "1234567.891"),
            (dec!(15.7471), "15.7471"),
            (dec!(18446744073709551615), "18446744073709551615"),
            (Decimal::from_i128_with_scale(18446744073709551615, 19), "1.8446744073709551615"),
            (Decimal::from_i128_with_scale(123, 20), "0.00000000000000000123"),
            (Decimal::from_i128_with_scale(0, 28), "0.0000000000000000000000000000"),
        ] {
            assert_eq!(
                serde_json::to_string(&Probe { amount: Some(d), n: None, flag: None, text: None }).unwrap(),
                format!(r#"{{"amount":{text},"n":null,"flag":null,"text":null}}"#)
            );
        }
    }

    #[test]
    fn a_non_numeric_string_for_a_decimal_is_an_error() {
        assert!(serde_json::from_str::<Probe>(r#"{"amount":"abc"}"#).is_err());
        assert!(serde_json::from_str::<Probe>(r#"{"n":"4.5"}"#).is_err());
    }
}
