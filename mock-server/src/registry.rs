//! The document registry: compact records keyed by (account, tipo/family, serie, numero), plus
//! `codigo_unico` as a second key (§12.3), with optional oldest-first eviction.
//!
//! Owns: storage and lookup only. A record holds the key, dates, the QR facts and lifecycle
//! state: never the request body. Link ids and hashes are derived from the key and the seed
//! on each read, so they cost no memory.
//! Must not: validate, build replies or read the clock (times are passed in, in ms).

use std::collections::{HashMap, VecDeque};

use crate::config::SunatOutcome;

/// The primary key of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocKey {
    /// Index of the account in the configuration.
    pub account: u16,
    /// `tipo_de_comprobante` 1–4, 7, 8, or family code 40 (percepción) / 20 (retención).
    pub tipo: u8,
    /// `serie` bytes.
    pub serie: [u8; 4],
    /// `numero`.
    pub numero: u32,
}

impl DocKey {
    /// `serie` as text (always ASCII: validated before storing).
    pub fn serie_str(&self) -> &str {
        std::str::from_utf8(&self.serie).unwrap_or("????")
    }
}

/// Marker for "not set" in the compact millisecond fields.
pub const NEVER: u32 = u32::MAX;

/// The lifecycle flags of a record.
pub mod flags {
    /// Boleta timing: accepted only after the boleta delay.
    pub const BOLETA_LIKE: u8 = 1;
    /// A GRE that a `consultar_guia` has seen accepted.
    pub const GUIA_ACCEPTED: u8 = 2;
    /// Accepted with a totals observation (SUNAT-like band).
    pub const TOTALS_OBSERVED: u8 = 4;
}

/// One stored document: about 70 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    /// When it was stored, in ms of engine time.
    pub emitted_ms: u32,
    /// When a baja/reversión was generated, in ms of engine time, or [`NEVER`].
    pub voided_ms: u32,
    /// `fecha_de_emision` as a Julian day.
    pub fecha_jd: i32,
    /// `total_igv` in céntimos.
    pub igv_cents: i64,
    /// `total` in céntimos.
    pub total_cents: i64,
    /// `cliente_tipo_de_documento` (one ASCII char).
    pub cliente_tipo: u8,
    /// `cliente_numero_de_documento` (up to 15 bytes) and its length.
    pub cliente: [u8; 15],
    /// Length of `cliente`.
    pub cliente_len: u8,
    /// The SUNAT outcome decided at emission.
    pub outcome: SunatOutcome,
    /// See [`flags`].
    pub flags: u8,
    /// `codigo_unico` bytes (up to 20) and length; length 0 = none.
    pub codigo_unico: [u8; 20],
    /// Length of `codigo_unico`.
    pub codigo_unico_len: u8,
}

impl Record {
    /// The customer document number.
    pub fn cliente_str(&self) -> &str {
        std::str::from_utf8(&self.cliente[..usize::from(self.cliente_len)]).unwrap_or("")
    }
    fn codigo_unico(&self) -> Option<CodigoUnico> {
        (self.codigo_unico_len > 0).then_some(CodigoUnico(self.codigo_unico, self.codigo_unico_len))
    }
}

/// A `codigo_unico` (≤ 20 bytes, validated) as a fixed-size key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CodigoUnico(pub [u8; 20], pub u8);

impl CodigoUnico {
    /// Packs a string of at most 20 bytes; longer strings are refused with `None`.
    pub fn new(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        if b.is_empty() || b.len() > 20 {
            return None;
        }
        let mut out = [0u8; 20];
        out[..b.len()].copy_from_slice(b);
        Some(CodigoUnico(out, b.len() as u8))
    }
}

/// Why an insert was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duplicate {
    /// The (tipo, serie, numero) exists.
    Key,
    /// The `codigo_unico` was used by another document.
    CodigoUnico,
}

/// All documents of all accounts.
#[derive(Debug, Default)]
pub struct Registry {
    docs: HashMap<DocKey, Record>,
    by_codigo: HashMap<(u16, CodigoUnico), DocKey>,
    order: VecDeque<DocKey>,
    cap: Option<usize>,
    evicted: u64,
}

impl Registry {
    /// An empty registry keeping at most `cap` documents (oldest evicted first).
    pub fn new(cap: Option<usize>) -> Self {
        Registry { cap, ..Registry::default() }
    }

    /// Number of stored documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Documents evicted so far by the cap.
    pub fn evicted(&self) -> u64 {
        self.evicted
    }

    /// Looks a document up.
    pub fn get(&self, key: &DocKey) -> Option<&Record> {
        self.docs.get(key)
    }

    /// Looks a document up for change.
    pub fn get_mut(&mut self, key: &DocKey) -> Option<&mut Record> {
        self.docs.get_mut(key)
    }

    /// Stores a new document.
    ///
    /// # Errors
    /// [`Duplicate`] when the key or the `codigo_unico` is taken; nothing is stored then.
    pub fn insert(&mut self, key: DocKey, record: Record) -> Result<(), Duplicate> {
        if self.docs.contains_key(&key) {
            return Err(Duplicate::Key);
        }
        let cu = record.codigo_unico();
        if let Some(cu) = cu {
            if self.by_codigo.contains_key(&(key.account, cu)) {
                return Err(Duplicate::CodigoUnico);
            }
            self.by_codigo.insert((key.account, cu), key);
        }
        self.docs.insert(key, record);
        if let Some(cap) = self.cap {
            self.order.push_back(key);
            while self.docs.len() > cap {
                let Some(old) = self.order.pop_front() else { break };
                if let Some(rec) = self.docs.remove(&old) {
                    if let Some(cu) = rec.codigo_unico() {
                        self.by_codigo.remove(&(old.account, cu));
                    }
                    self.evicted += 1;
                }
            }
        }
        Ok(())
    }

    /// Every document, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&DocKey, &Record)> {
        self.docs.iter()
    }

    /// Forgets everything (the cap stays).
    pub fn clear(&mut self) {
        *self = Registry::new(self.cap);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u32) -> DocKey {
        DocKey { account: 0, tipo: 1, serie: *b"F001", numero: n }
    }

    fn rec(cu: Option<&str>) -> Record {
        let c = cu.and_then(CodigoUnico::new);
        Record {
            emitted_ms: 0,
            voided_ms: NEVER,
            fecha_jd: 0,
            igv_cents: 0,
            total_cents: 0,
            cliente_tipo: b'6',
            cliente: [0; 15],
            cliente_len: 0,
            outcome: SunatOutcome::Accepted,
            flags: 0,
            codigo_unico: c.map(|c| c.0).unwrap_or([0; 20]),
            codigo_unico_len: c.map(|c| c.1).unwrap_or(0),
        }
    }

    #[test]
    fn a_second_insert_of_the_same_key_or_codigo_unico_is_refused() {
        let mut r = Registry::new(None);
        r.insert(key(1), rec(Some("A-1"))).unwrap();
        assert_eq!(r.insert(key(1), rec(None)), Err(Duplicate::Key));
        assert_eq!(r.insert(key(2), rec(Some("A-1"))), Err(Duplicate::CodigoUnico));
        assert_eq!(r.len(), 1);
    }

    #[test]
    fn the_cap_evicts_the_oldest_documents_and_frees_their_codigo_unico() {
        let mut r = Registry::new(Some(2));
        r.insert(key(1), rec(Some("X"))).unwrap();
        r.insert(key(2), rec(None)).unwrap();
        r.insert(key(3), rec(None)).unwrap();
        assert_eq!(r.len(), 2);
        assert!(r.get(&key(1)).is_none());
        assert_eq!(r.evicted(), 1);
        r.insert(key(4), rec(Some("X"))).unwrap();
    }

    #[test]
    fn a_record_stays_compact() {
        assert!(std::mem::size_of::<Record>() <= 80, "{}", std::mem::size_of::<Record>());
    }
}
