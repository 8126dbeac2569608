//! Document numbering: which (serie, numero) each user of each shard may issue, so that
//! concurrent users and machines never collide on (tipo, serie, numero).
//!
//! Owns [`Numbering`], [`NumberRange`], [`Shard`] and the allocation rule. Must not keep
//! state: a range is a pure function of (user, users per shard, shard), so every machine
//! computes the same partition without talking to the others.
//!
//! The rule: slots are numbered `shard.index * users + user`. With at least as many series
//! as slots, each slot gets a serie of its own and the whole numero range; otherwise slots
//! share series round-robin and the numero range of each serie is cut into equal parts.
//! All shards of one run must use the same scenario, users and shard count.

use std::fmt;
use std::str::FromStr;

use super::error::{Ctx, ScenarioError, flag_err};
use super::file::FileNumbering;

/// The highest `numero` Nubefact accepts (reference §11).
pub const MAX_NUMERO: u32 = 99_999_999;

/// One machine's part of a run: `--shard i/n`, 1-based (`1/4` … `4/4`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: u32,
    count: u32,
}

impl Shard {
    /// The whole run on one machine (`1/1`).
    pub const SOLO: Shard = Shard { index: 0, count: 1 };

    /// Shard `index` (0-based) of `count`; `None` unless `index < count`.
    pub fn new(index: u32, count: u32) -> Option<Self> {
        (index < count).then_some(Shard { index, count })
    }

    /// 0-based index.
    pub fn index(self) -> u32 {
        self.index
    }

    /// Number of shards.
    pub fn count(self) -> u32 {
        self.count
    }
}

impl Default for Shard {
    fn default() -> Self {
        Shard::SOLO
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index + 1, self.count)
    }
}

impl FromStr for Shard {
    type Err = ScenarioError;

    /// Parses `i/n` with 1 ≤ i ≤ n.
    ///
    /// # Errors
    /// A [`ScenarioError`] naming `--shard`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |why: &str| flag_err("--shard", format!("{s:?}: {why}"));
        let (i, n) = s.trim().split_once('/').ok_or_else(|| bad("expected i/n, e.g. 2/4"))?;
        let i: u32 = i.trim().parse().map_err(|_| bad("i must be an integer"))?;
        let n: u32 = n.trim().parse().map_err(|_| bad("n must be an integer"))?;
        if n == 0 || i == 0 || i > n {
            return Err(bad("needs 1 <= i <= n"));
        }
        Ok(Shard { index: i - 1, count: n })
    }
}

/// The serie and numero space a scenario may use. Series are rendered as a letter and three
/// digits: letter `F` and serie index 7 give `F007`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Numbering {
    /// First serie index (0..=999).
    pub serie_from: u16,
    /// Last serie index, inclusive (≤ 999).
    pub serie_to: u16,
    /// First numero (≥ 1).
    pub numero_from: u32,
    /// Last numero, inclusive (≤ 99 999 999).
    pub numero_to: u32,
}

impl Default for Numbering {
    fn default() -> Self {
        Numbering { serie_from: 1, serie_to: 999, numero_from: 1, numero_to: MAX_NUMERO }
    }
}

/// The range one (user, shard) slot owns: one serie index and a numero interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct NumberRange {
    /// The serie index (render with [`NumberRange::serie`]).
    pub serie_index: u16,
    /// First numero, inclusive.
    pub numero_from: u32,
    /// Last numero, inclusive.
    pub numero_to: u32,
}

impl NumberRange {
    /// The serie for a document letter (`F` factura and its notes, `B` boleta and its notes,
    /// `T` guía remitente, `V` guía transportista, `P` percepción, `R` retención).
    ///
    /// ```
    /// use nubefact_harness::scenario::NumberRange;
    /// let r = NumberRange { serie_index: 7, numero_from: 1, numero_to: 10 };
    /// assert_eq!(r.serie('F'), "F007");
    /// ```
    pub fn serie(&self, letter: char) -> String {
        format!("{letter}{:03}", self.serie_index)
    }

    /// The `k`-th numero of the range (0-based), `None` once the range is used up.
    pub fn numero(&self, k: u64) -> Option<u32> {
        let n = u64::from(self.numero_from).checked_add(k)?;
        (n <= u64::from(self.numero_to)).then(|| u32::try_from(n).ok()).flatten()
    }

    /// How many numeros the range holds.
    pub fn len(&self) -> u64 {
        u64::from(self.numero_to) - u64::from(self.numero_from) + 1
    }

    /// Never true: a range holds at least one numero.
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// A slot could not be given a range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberingError {
    /// `user` is not below `users`.
    #[error("user {user} is out of range for {users} users per shard")]
    UserOutOfRange {
        /// The user asked for.
        user: u32,
        /// Users per shard.
        users: u32,
    },
    /// More slots than numbers.
    #[error("{slots} user/shard slots do not fit in the numbering ranges (series {series}, numeros {numeros})")]
    TooManySlots {
        /// users × shards.
        slots: u64,
        /// How many series there are.
        series: u64,
        /// How many numeros per serie there are.
        numeros: u64,
    },
}

impl Numbering {
    /// The range of `user` (0-based, `< users`) on `shard`, with `users` users per shard.
    /// Ranges of different (user, shard) are disjoint for the same `users` and shard count.
    ///
    /// # Errors
    /// [`NumberingError`] if `user >= users` or the space is too small for every slot.
    pub fn range_for(&self, user: u32, users: u32, shard: Shard) -> Result<NumberRange, NumberingError> {
        if user >= users {
            return Err(NumberingError::UserOutOfRange { user, users });
        }
        let series = u64::from(self.serie_to - self.serie_from) + 1;
        let numeros = u64::from(self.numero_to - self.numero_from) + 1;
        let slots = u64::from(shard.count) * u64::from(users);
        let slot = u64::from(shard.index) * u64::from(users) + u64::from(user);
        let parts = slots.div_ceil(series);
        let part_len = numeros / parts;
        if part_len == 0 {
            return Err(NumberingError::TooManySlots { slots, series, numeros });
        }
        let serie_index = u64::from(self.serie_from) + slot % series;
        let part = slot / series;
        let from = u64::from(self.numero_from) + part * part_len;
        let to = from + part_len - 1;
        // All three fit: serie_index ≤ serie_to ≤ 999 and to ≤ numero_to ≤ u32::MAX.
        Ok(NumberRange {
            serie_index: u16::try_from(serie_index).unwrap_or(self.serie_to),
            numero_from: u32::try_from(from).unwrap_or(self.numero_to),
            numero_to: u32::try_from(to).unwrap_or(self.numero_to),
        })
    }
}

pub(crate) fn convert(ctx: &Ctx, file: Option<FileNumbering>) -> Result<Numbering, ScenarioError> {
    let f = file.unwrap_or_default();
    let d = Numbering::default();
    let n = Numbering {
        serie_from: f.serie_from.unwrap_or(d.serie_from),
        serie_to: f.serie_to.unwrap_or(d.serie_to),
        numero_from: f.numero_from.unwrap_or(d.numero_from),
        numero_to: f.numero_to.unwrap_or(d.numero_to),
    };
    if n.serie_to > 999 {
        return Err(ctx.err("numbering.serie_to", "must be <= 999 (series are a letter and 3 digits)"));
    }
    if n.serie_from > n.serie_to {
        return Err(ctx.err("numbering.serie_from", "must not exceed numbering.serie_to"));
    }
    if n.numero_from == 0 {
        return Err(ctx.err("numbering.numero_from", "must be >= 1"));
    }
    if n.numero_to > MAX_NUMERO {
        return Err(ctx.err("numbering.numero_to", format!("must be <= {MAX_NUMERO}")));
    }
    if n.numero_from > n.numero_to {
        return Err(ctx.err("numbering.numero_from", "must not exceed numbering.numero_to"));
    }
    Ok(n)
}
