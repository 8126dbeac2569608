//! Validation before sending: every problem of a request at once, each with its field path.
//!
//! Owns [`FieldError`], [`Rule`], [`ValidationContext`] and the per-document checks
//! (required fields, lengths, enums, series/number/date rules of §11, the §4.5 conditional
//! rules, GRE rules of §7.1, percepción/retención relations of §8.2, and amounts recomputed
//! with [`crate::api::amounts`] within a tolerance PER FIGURE). It never stops at the first
//! problem. Must not do I/O or read a clock: "today" comes in the context.
//!
//! It deliberately does not repeat the peer bugs of §16: it never checks Σ item totals =
//! `total` (wrong for free lines, global discounts and advances), it rejects negative
//! amounts on notes instead of expecting them, and `medio_de_pago_detraccion` is 1–22.

mod comprobante;
mod cpe;
mod guia;
mod totals;

use std::fmt;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::api::key::DocumentKey;
use crate::api::model::{Anulacion, parse_date};
use crate::api::operation::Family;

pub use comprobante::comprobante;
pub use cpe::{percepcion, retencion};
pub use guia::guia;

/// What kind of rule a problem breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// A required field is missing or empty.
    Required,
    /// A text is too short or too long.
    Length,
    /// A code is not allowed here (unknown value or wrong for this document type).
    Enum,
    /// A value has the wrong shape (characters, digits, decimals).
    Format,
    /// The series breaks §11 (4 uppercase alphanumerics, prefix per document type).
    Serie,
    /// `numero` is outside 1…99 999 999.
    Numero,
    /// A date is not `DD-MM-YYYY` or not a real calendar date, or is out of order.
    Date,
    /// `fecha_de_emision` is not today (or, for GRE, yesterday).
    Today,
    /// A note's reference to the modified document is missing or inconsistent.
    NoteReference,
    /// A conditional rule of §4.5 / §7.1 (customer type, currency, IVAP, percepción,
    /// detracción, transport mode…).
    Conditional,
    /// An amount disagrees with the recomputed one by more than the tolerance.
    Amount,
    /// An amount is negative (notes carry positive amounts, §10.3).
    Negative,
    /// A list has too few or too many entries.
    Count,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Rule::Required => "required",
            Rule::Length => "length",
            Rule::Enum => "enum",
            Rule::Format => "format",
            Rule::Serie => "serie",
            Rule::Numero => "numero",
            Rule::Date => "date",
            Rule::Today => "today",
            Rule::NoteReference => "note-reference",
            Rule::Conditional => "conditional",
            Rule::Amount => "amount",
            Rule::Negative => "negative",
            Rule::Count => "count",
        };
        f.write_str(s)
    }
}

/// One problem: where (`items[2].igv`), which rule, and a lowercase message naming the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The JSON path of the field, e.g. `items[2].igv`.
    pub path: String,
    pub rule: Rule,
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({})", self.path, self.message, self.rule)
    }
}

/// What validation needs to know that is not in the document.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationContext {
    /// Today in Peru (UTC−5); `None` skips the "issued today" rules.
    pub today: Option<time::Date>,
    /// Accepted `porcentaje_de_igv` values (18, 10, 10.5 and 4 by default, §10.4).
    pub igv_rates: Vec<Decimal>,
    /// Largest accepted |declared − recomputed| per figure (0.01, §10.6).
    pub tolerance: Decimal,
}

impl Default for ValidationContext {
    fn default() -> Self {
        ValidationContext {
            today: None,
            igv_rates: vec![dec!(18), dec!(10), dec!(10.5), dec!(4)],
            tolerance: dec!(0.01),
        }
    }
}

impl ValidationContext {
    /// The default context with "today" set.
    pub fn with_today(today: time::Date) -> Self {
        ValidationContext { today: Some(today), ..Default::default() }
    }
}

/// A field path, formatted only when a problem is reported (validation of a valid
/// document allocates no paths).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Path<'a> {
    /// `serie`
    Field(&'a str),
    /// `items[2].igv`
    Indexed(&'static str, usize, &'static str),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Field(s) => f.write_str(s),
            Path::Indexed(list, i, field) => write!(f, "{list}[{i}].{field}"),
        }
    }
}

impl<'a> From<&'a str> for Path<'a> {
    fn from(s: &'a str) -> Self {
        Path::Field(s)
    }
}

impl<'a> From<&'a String> for Path<'a> {
    fn from(s: &'a String) -> Self {
        Path::Field(s)
    }
}

/// Collects problems; the small checks every document type shares.
pub(crate) struct Check<'a> {
    pub(crate) ctx: &'a ValidationContext,
    pub(crate) errors: Vec<FieldError>,
}

impl<'a> Check<'a> {
    pub(crate) fn new(ctx: &'a ValidationContext) -> Self {
        Check { ctx, errors: Vec::new() }
    }

    pub(crate) fn push(&mut self, path: impl fmt::Display, rule: Rule, message: impl Into<String>) {
        self.errors.push(FieldError { path: path.to_string(), rule, message: message.into() });
    }

    /// A required text of `min..=max` characters.
    pub(crate) fn text<'p>(&mut self, path: impl Into<Path<'p>>, value: Option<&str>, min: usize, max: usize) {
        let path: Path<'p> = path.into();
        match value.map(str::trim) {
            None | Some("") => self.push(path, Rule::Required, format!("{path} is required")),
            Some(v) => self.len(path, v, min, max),
        }
    }

    /// An optional text of at most `max` characters.
    pub(crate) fn opt_text<'p>(&mut self, path: impl Into<Path<'p>>, value: Option<&str>, max: usize) {
        let path: Path<'p> = path.into();
        if let Some(v) = value {
            self.len(path, v, 0, max);
        }
    }

    fn len<'p>(&mut self, path: impl Into<Path<'p>>, v: &str, min: usize, max: usize) {
        let path: Path<'p> = path.into();
        let n = v.chars().count();
        if n < min || n > max {
            let want = if min == max { format!("exactly {min}") } else { format!("{min}–{max}") };
            self.push(path, Rule::Length, format!("{path} has {n} characters, expected {want}"));
        }
    }

    /// A required presence check for non-text fields.
    pub(crate) fn present<'p, T>(&mut self, path: impl Into<Path<'p>>, value: Option<T>) -> Option<T> {
        let path: Path<'p> = path.into();
        if value.is_none() {
            self.push(path, Rule::Required, format!("{path} is required"));
        }
        value
    }

    /// `serie`: 4 uppercase alphanumerics whose first character is one of `prefixes`
    /// (`'0'` stands for "any digit").
    pub(crate) fn serie<'p>(&mut self, path: impl Into<Path<'p>>, serie: &str, prefixes: &[char], what: &str) {
        let path: Path<'p> = path.into();
        if serie.is_empty() {
            return self.push(path, Rule::Required, format!("{path} is required"));
        }
        if serie.chars().count() != 4 || !serie.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
            return self.push(path, Rule::Serie, format!("{path} {serie:?} must be 4 uppercase letters or digits"));
        }
        let first = serie.chars().next().unwrap_or(' ');
        let ok = prefixes.iter().any(|&p| if p == '0' { first.is_ascii_digit() } else { first == p });
        if !ok && !prefixes.is_empty() {
            let want: Vec<String> =
                prefixes.iter().map(|&p| if p == '0' { "a digit".to_owned() } else { format!("{p:?}") }).collect();
            self.push(path, Rule::Serie, format!("{path} {serie:?} must start with {} for {what}", want.join(" or ")));
        }
    }

    /// `numero` in 1…99 999 999.
    pub(crate) fn numero<'p>(&mut self, path: impl Into<Path<'p>>, numero: u32) {
        let path: Path<'p> = path.into();
        if !(1..=99_999_999).contains(&numero) {
            self.push(path, Rule::Numero, format!("{path} {numero} must be within 1..=99999999"));
        }
    }

    /// A `DD-MM-YYYY` date that is a real calendar date.
    pub(crate) fn date<'p>(
        &mut self,
        path: impl Into<Path<'p>>,
        value: Option<&str>,
        required: bool,
    ) -> Option<time::Date> {
        let path: Path<'p> = path.into();
        match value {
            None if required => {
                self.push(path, Rule::Required, format!("{path} is required"));
                None
            }
            None => None,
            Some(text) => {
                let d = parse_date(text);
                if d.is_none() {
                    self.push(path, Rule::Date, format!("{path} {text:?} is not a real date written DD-MM-YYYY"));
                }
                d
            }
        }
    }

    /// `declared` must equal `expected` within the tolerance; a missing declared figure is
    /// accepted only when the expected one is zero.
    pub(crate) fn amount<'p>(
        &mut self,
        path: impl Into<Path<'p>>,
        declared: Option<Decimal>,
        expected: Decimal,
    ) -> bool {
        let path: Path<'p> = path.into();
        match declared {
            None if expected.is_zero() => true,
            None => {
                self.push(path, Rule::Amount, format!("{path} is missing, expected {expected}"));
                false
            }
            Some(d) => {
                if !self.within(d, expected) {
                    self.push(path, Rule::Amount, format!("{path} is {d}, expected {expected}"));
                    false
                } else {
                    true
                }
            }
        }
    }

    /// `true` when `declared` is within the tolerance of any of `candidates`.
    pub(crate) fn close_to_any(&self, declared: Decimal, candidates: &[Decimal]) -> bool {
        candidates.iter().any(|&c| self.within(declared, c))
    }

    /// `|declared − expected| ≤ tolerance`. Figures of a valid document are usually
    /// bit-identical to the recomputed ones (same calculator, same scale): that case is a
    /// 16-byte comparison instead of a Decimal subtraction and comparison.
    fn within(&self, declared: Decimal, expected: Decimal) -> bool {
        let tolerance = self.ctx.tolerance;
        (declared.serialize() == expected.serialize() && !tolerance.is_sign_negative())
            || (declared - expected).abs() <= tolerance
    }

    /// An amount that must not be negative.
    pub(crate) fn non_negative<'p>(&mut self, path: impl Into<Path<'p>>, value: Option<Decimal>) {
        let path: Path<'p> = path.into();
        if let Some(v) = value
            && v.is_sign_negative()
            && !v.is_zero()
        {
            self.push(path, Rule::Negative, format!("{path} is {v}; amounts are positive, even on credit notes"));
        }
    }

    /// An email address of at most 250 characters.
    pub(crate) fn email<'p>(&mut self, path: impl Into<Path<'p>>, value: Option<&str>) {
        let path: Path<'p> = path.into();
        if let Some(v) = value {
            self.len(path, v, 0, 250);
            let ok = v.split_once('@').is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !v.contains(' '));
            if !ok {
                self.push(path, Rule::Format, format!("{path} {v:?} is not an email address"));
            }
        }
    }

    /// A string made only of ASCII digits, of `min..=max` digits.
    pub(crate) fn digits<'p>(&mut self, path: impl Into<Path<'p>>, value: &str, min: usize, max: usize) {
        let path: Path<'p> = path.into();
        if value.len() < min || value.len() > max || !value.bytes().all(|b| b.is_ascii_digit()) {
            let want = if min == max { format!("{min}") } else { format!("{min}–{max}") };
            self.push(path, Rule::Format, format!("{path} {value:?} must be {want} digits"));
        }
    }

    /// At most `places` decimals.
    pub(crate) fn scale<'p>(&mut self, path: impl Into<Path<'p>>, value: Option<Decimal>, places: u32) {
        let path: Path<'p> = path.into();
        if let Some(v) = value
            && v.scale() > places
            && v.normalize().scale() > places
        {
            self.push(path, Rule::Format, format!("{path} {v} has more than {places} decimals"));
        }
    }
}

/// Validates the identity of a query or reversion: series format and prefix per family,
/// and the number range.
pub fn query_key(key: &DocumentKey) -> Vec<FieldError> {
    let ctx = ValidationContext::default();
    let mut c = Check::new(&ctx);
    let prefixes: &[char] = match (key.family, key.tipo) {
        (Family::Percepcion, _) => &['P'],
        (Family::Retencion, _) => &['R'],
        (Family::Guia, Some(crate::api::TipoDeComprobante::GuiaTransportista)) => &['V'],
        (Family::Guia, _) => &['T'],
        (Family::Comprobante, _) => &['F', 'B', '0'],
    };
    c.serie("serie", &key.serie, prefixes, "this document family");
    c.numero("numero", key.numero);
    c.errors
}

/// Validates a `generar_anulacion`: a comprobante (1–4; a GRE cannot be voided through
/// the API, §3), its key, and `motivo` (1–100).
pub fn anulacion(doc: &Anulacion, ctx: &ValidationContext) -> Vec<FieldError> {
    let mut c = Check::new(ctx);
    if doc.tipo_de_comprobante.is_guia() {
        c.push(
            "tipo_de_comprobante",
            Rule::Enum,
            "tipo_de_comprobante must be 1–4: a guía cannot be voided through the API",
        );
    }
    c.serie("serie", &doc.serie, &['F', 'B', '0'], "a comprobante");
    c.numero("numero", doc.numero);
    c.text("motivo", Some(&doc.motivo), 1, 100);
    c.opt_text("codigo_unico", doc.codigo_unico.as_deref(), 250);
    c.errors
}
