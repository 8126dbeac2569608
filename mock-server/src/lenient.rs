//! Lenient reading of request fields, as the real API reads them (§1.3).
//!
//! Owns: coercion of numeric/boolean strings, `""` as absent, integers for code fields, and the
//! `Reject` value (codigo + message naming the field) that validation returns.
//! Must not: apply business rules (see `validate`).

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::{Map, Value};
use time::Date;

/// A request refused with a Nubefact `codigo` and a message naming the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// The Nubefact error code (§12.2).
    pub codigo: u16,
    /// Spanish-ish human-readable message; always names the offending field.
    pub message: String,
}

impl Reject {
    /// Structural problem (code 20).
    pub fn structural(field: &str, what: &str) -> Reject {
        Reject { codigo: 20, message: format!("El campo '{field}' {what}") }
    }
    /// Business-rule problem (code 21).
    pub fn business(field: &str, what: &str) -> Reject {
        Reject { codigo: 21, message: format!("El campo '{field}' {what}") }
    }
}

/// A JSON object read leniently, with a path prefix for messages (e.g. `items[2].`).
#[derive(Clone, Copy)]
pub struct Fields<'a> {
    map: &'a Map<String, Value>,
    prefix: &'a str,
}

fn path(prefix: &str, name: &str) -> String {
    format!("{prefix}{name}")
}

impl<'a> Fields<'a> {
    /// Wraps an object.
    pub fn new(map: &'a Map<String, Value>, prefix: &'a str) -> Self {
        Fields { map, prefix }
    }

    /// The full path of a field for messages.
    pub fn path(&self, name: &str) -> String {
        path(self.prefix, name)
    }

    /// The raw value, with `null` and `""` treated as absent.
    pub fn raw(&self, name: &str) -> Option<&'a Value> {
        match self.map.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(v) => Some(v),
        }
    }

    /// Whether the field is present (not absent, null or `""`).
    pub fn has(&self, name: &str) -> bool {
        self.raw(name).is_some()
    }

    /// A text field; numbers are accepted and printed (e.g. `cliente_tipo_de_documento: 6`).
    ///
    /// # Errors
    /// 20 when it is a boolean, array or object, or longer than `max` characters.
    pub fn text_opt(&self, name: &str, max: usize) -> Result<Option<String>, Reject> {
        let s = match self.raw(name) {
            None => return Ok(None),
            Some(Value::String(s)) => s.trim().to_string(),
            Some(Value::Number(n)) => n.to_string(),
            Some(_) => return Err(Reject::structural(&self.path(name), "debe ser texto")),
        };
        if s.chars().count() > max {
            return Err(Reject::structural(&self.path(name), &format!("excede {max} caracteres")));
        }
        Ok(Some(s))
    }

    /// A required text field.
    ///
    /// # Errors
    /// 20 when absent or malformed.
    pub fn text(&self, name: &str, max: usize) -> Result<String, Reject> {
        self.text_opt(name, max)?.ok_or_else(|| Reject::structural(&self.path(name), "es obligatorio"))
    }

    /// An optional integer; integral JSON numbers and digit strings are accepted.
    ///
    /// # Errors
    /// 20 when it is not an integer or lies outside `min..=max`.
    pub fn int_opt(&self, name: &str, min: i64, max: i64) -> Result<Option<i64>, Reject> {
        let bad = || Reject::structural(&self.path(name), "debe ser un numero entero");
        let v = match self.raw(name) {
            None => return Ok(None),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(v) => v,
                // "1.0" style numbers: accept only when integral.
                None => {
                    let d = Decimal::from_str(&n.to_string()).map_err(|_| bad())?;
                    if !d.fract().is_zero() {
                        return Err(bad());
                    }
                    i64::try_from(d.trunc().mantissa() / 10i128.pow(d.scale())).map_err(|_| bad())?
                }
            },
            Some(Value::String(s)) => s.trim().parse::<i64>().map_err(|_| bad())?,
            Some(_) => return Err(bad()),
        };
        if v < min || v > max {
            return Err(Reject::structural(&self.path(name), &format!("debe estar entre {min} y {max}")));
        }
        Ok(Some(v))
    }

    /// A required integer.
    ///
    /// # Errors
    /// 20 when absent or malformed.
    pub fn int(&self, name: &str, min: i64, max: i64) -> Result<i64, Reject> {
        self.int_opt(name, min, max)?.ok_or_else(|| Reject::structural(&self.path(name), "es obligatorio"))
    }

    /// An optional decimal; numbers and numeric strings (dot separator) are accepted.
    ///
    /// # Errors
    /// 20 when it is not a plain decimal number.
    pub fn dec_opt(&self, name: &str) -> Result<Option<Decimal>, Reject> {
        let bad = || Reject::structural(&self.path(name), "debe ser numerico (punto decimal, sin separador de miles)");
        let text = match self.raw(name) {
            None => return Ok(None),
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::String(s)) => s.trim().to_string(),
            Some(_) => return Err(bad()),
        };
        Decimal::from_str(&text).or_else(|_| Decimal::from_scientific(&text)).map(Some).map_err(|_| bad())
    }

    /// A required decimal.
    ///
    /// # Errors
    /// 20 when absent or malformed.
    pub fn dec(&self, name: &str) -> Result<Decimal, Reject> {
        self.dec_opt(name)?.ok_or_else(|| Reject::structural(&self.path(name), "es obligatorio"))
    }

    /// A decimal where absent means zero.
    ///
    /// # Errors
    /// 20 when malformed.
    pub fn dec0(&self, name: &str) -> Result<Decimal, Reject> {
        Ok(self.dec_opt(name)?.unwrap_or_default())
    }

    /// An optional boolean: `true`/`false`, their string forms, or 0/1.
    ///
    /// # Errors
    /// 20 for anything else.
    pub fn bool_opt(&self, name: &str) -> Result<Option<bool>, Reject> {
        match self.raw(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "1" => Ok(Some(true)),
                "false" | "0" => Ok(Some(false)),
                _ => Err(Reject::structural(&self.path(name), "debe ser true o false")),
            },
            Some(Value::Number(n)) if n.as_u64() == Some(0) => Ok(Some(false)),
            Some(Value::Number(n)) if n.as_u64() == Some(1) => Ok(Some(true)),
            Some(_) => Err(Reject::structural(&self.path(name), "debe ser true o false")),
        }
    }

    /// An optional date in `DD-MM-YYYY` (or `YYYY-MM-DD` when `iso_too`).
    ///
    /// # Errors
    /// 20 when malformed or not a calendar date.
    pub fn date_opt(&self, name: &str, iso_too: bool) -> Result<Option<Date>, Reject> {
        let Some(text) = self.text_opt(name, 10)? else {
            return Ok(None);
        };
        parse_date(&text, iso_too)
            .map(Some)
            .ok_or_else(|| Reject::structural(&self.path(name), "debe tener el formato DD-MM-YYYY"))
    }

    /// A required date.
    ///
    /// # Errors
    /// 20 when absent or malformed.
    pub fn date(&self, name: &str) -> Result<Date, Reject> {
        self.date_opt(name, false)?.ok_or_else(|| Reject::structural(&self.path(name), "es obligatorio"))
    }

    /// An optional array of objects (absent = empty).
    ///
    /// # Errors
    /// 20 when it is not an array of objects.
    pub fn objects(&self, name: &str) -> Result<Vec<&'a Map<String, Value>>, Reject> {
        match self.raw(name) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| v.as_object().ok_or_else(|| Reject::structural(&self.path(name), "debe contener objetos")))
                .collect(),
            Some(_) => Err(Reject::structural(&self.path(name), "debe ser una lista")),
        }
    }

    /// An enumerated text field that must be one of `allowed`.
    ///
    /// # Errors
    /// 20 when absent (if `required`) or not allowed.
    pub fn one_of(&self, name: &str, allowed: &[&str], required: bool) -> Result<Option<String>, Reject> {
        match self.text_opt(name, 10)? {
            None if required => Err(Reject::structural(&self.path(name), "es obligatorio")),
            None => Ok(None),
            Some(v) if allowed.contains(&v.as_str()) => Ok(Some(v)),
            Some(v) => Err(Reject::structural(&self.path(name), &format!("tiene un valor no permitido: {v}"))),
        }
    }
}

/// Parses `DD-MM-YYYY`, and also `YYYY-MM-DD` when `iso_too`.
pub fn parse_date(text: &str, iso_too: bool) -> Option<Date> {
    let parts: Vec<&str> = text.split('-').collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let (d, m, y) = if parts[0].len() == 2 && parts[1].len() == 2 && parts[2].len() == 4 {
        (parts[0], parts[1], parts[2])
    } else if iso_too && parts[0].len() == 4 && parts[1].len() == 2 && parts[2].len() == 2 {
        (parts[2], parts[1], parts[0])
    } else {
        return None;
    };
    let month = time::Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn numbers_and_booleans_as_strings_are_coerced_and_empty_strings_are_absent() {
        let m = obj(json!({"numero": "12", "total": "708.50", "detraccion": "false", "codigo_unico": "", "tipo": 6}));
        let f = Fields::new(&m, "");
        assert_eq!(f.int("numero", 1, 99).unwrap(), 12);
        assert_eq!(f.dec("total").unwrap(), Decimal::new(70850, 2));
        assert_eq!(f.bool_opt("detraccion").unwrap(), Some(false));
        assert_eq!(f.text_opt("codigo_unico", 20).unwrap(), None);
        assert_eq!(f.text("tipo", 1).unwrap(), "6");
    }

    #[test]
    fn malformed_values_are_structural_errors_naming_the_field() {
        let m = obj(json!({"numero": "12a", "total": "1,000.00", "fecha": "2026-03-15"}));
        let f = Fields::new(&m, "items[0].");
        let e = f.int("numero", 1, 99).unwrap_err();
        assert_eq!(e.codigo, 20);
        assert!(e.message.contains("items[0].numero"));
        assert!(f.dec("total").is_err());
        assert!(f.date("fecha").is_err());
        assert!(f.date_opt("fecha", true).unwrap().is_some());
        assert!(f.text("missing", 5).unwrap_err().message.contains("missing"));
    }

    #[test]
    fn impossible_calendar_dates_are_rejected() {
        assert!(parse_date("31-02-2026", false).is_none());
        assert!(parse_date("15-03-2026", false).is_some());
    }
}
