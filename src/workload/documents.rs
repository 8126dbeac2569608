//! The seeded document generator: scenario generator settings + an RNG → valid wire
//! documents, built with the API core's builders so every amount is computed, never typed.
//!
//! Owns the choices a scenario leaves to chance (lines, quantities, prices, tipo_de_igv,
//! currency) and the fixed customer data of load documents. Every document it makes must
//! pass the client's validation; a test checks that over many seeds. Must not do I/O.

use rand::Rng;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::api::DocumentKey;
use crate::api::model::{
    Anulacion, ClienteTipoDeDocumento, Comprobante, Guia, GuiaItem, Item, Moneda, MotivoDeTraslado, Percepcion,
    PercepcionTipo, Relacionado, Retencion, RetencionTipo, SunatTransaction, TipoDeIgv, TipoDeNotaDeCredito,
    TipoDocumentoRelacionado,
};
use crate::scenario::Generator;

/// The customer of generated facturas, notes, percepciones and retenciones.
const RUC: &str = "20100000001";
const RAZON_SOCIAL: &str = "COMERCIAL EJEMPLO SAC";
const DIRECCION: &str = "JR. UNO 123 - LIMA";

/// Makes documents for one run: the generator settings and "today" (Peru) are fixed.
#[derive(Debug, Clone)]
pub struct Documents {
    generator: Generator,
    today: time::Date,
}

impl Documents {
    /// A generator issuing documents dated `today`.
    pub fn new(generator: Generator, today: time::Date) -> Self {
        Documents { generator, today }
    }

    /// A factura (tipo 1) or boleta (tipo 2) with seeded lines.
    pub fn comprobante<R: Rng + ?Sized>(&self, rng: &mut R, key: &DocumentKey) -> Comprobante {
        let boleta = key.tipo == Some(crate::api::TipoDeComprobante::Boleta);
        let mut items = self.items(rng);
        let export = items.iter().any(|i| i.tipo_de_igv == Some(TipoDeIgv::Exportacion));
        if export {
            // An export is a document-level choice (§10.3): every line is tipo 16.
            for item in &mut items {
                *item = Item::exportacion("NIU", item.descripcion.clone(), item.cantidad, item.valor_unitario);
            }
        }
        let mut b = if boleta {
            Comprobante::boleta(&key.serie, key.numero).cliente_dni("44556677", "CLIENTE DE PRUEBA")
        } else if export {
            Comprobante::factura(&key.serie, key.numero)
                .cliente(
                    ClienteTipoDeDocumento::NoDomiciliado,
                    "EXT-0001",
                    "FOREIGN BUYER LLC",
                    Some("MIAMI FL".into()),
                )
                .sunat_transaction(SunatTransaction::Exportacion)
        } else {
            Comprobante::factura(&key.serie, key.numero).cliente_ruc(RUC, RAZON_SOCIAL, DIRECCION)
        };
        let moneda = self.moneda(rng);
        b = b.moneda(moneda, (moneda != Moneda::Pen).then_some(dec!(3.750)));
        b.fecha_de_emision(self.today).items(items).codigo_unico(key.to_string()).build()
    }

    /// A nota de crédito (tipo 3, own correlative `key`) cancelling the factura `modifica`.
    pub fn nota_de_credito<R: Rng + ?Sized>(
        &self,
        rng: &mut R,
        key: &DocumentKey,
        modifica: &DocumentKey,
    ) -> Comprobante {
        Comprobante::nota_de_credito(&key.serie, key.numero, modifica, TipoDeNotaDeCredito::AnulacionDeLaOperacion)
            .cliente_ruc(RUC, RAZON_SOCIAL, DIRECCION)
            .fecha_de_emision(self.today)
            .items(
                self.items(rng).into_iter().map(|i| Item::gravado("NIU", i.descripcion, i.cantidad, i.valor_unitario)),
            )
            .codigo_unico(key.to_string())
            .build()
    }

    /// The void of `key`.
    pub fn anulacion(&self, key: &DocumentKey) -> Anulacion {
        Anulacion::new(key, "ERROR DEL SISTEMA")
    }

    /// A guía de remisión remitente (tipo 7) of seeded goods.
    pub fn guia<R: Rng + ?Sized>(&self, rng: &mut R, key: &DocumentKey) -> Guia {
        let bultos = self.generator.pick_quantity(rng);
        Guia::remitente(&key.serie, key.numero)
            .destinatario_ruc(RUC, RAZON_SOCIAL, DIRECCION)
            .fechas(self.today, self.today)
            .motivo(MotivoDeTraslado::Venta)
            .peso_kgm(Decimal::from(bultos) * dec!(2.5), bultos)
            .transporte_privado("ABC123", "1", "44556677", "JUAN", "PEREZ", "Q44556677")
            .partida("150101", "AV. ORIGEN 100")
            .llegada("150102", "JR. DESTINO 200")
            .item(GuiaItem::new("NIU", "CAJAS DE MERCADERIA", Decimal::from(bultos)))
            .build()
    }

    /// A percepción (2 %) on a collection against the factura `relacionado`.
    pub fn percepcion<R: Rng + ?Sized>(&self, rng: &mut R, key: &DocumentKey, relacionado: &DocumentKey) -> Percepcion {
        let importe = self.amount(rng);
        Percepcion::builder(&key.serie, key.numero, PercepcionTipo::General)
            .cliente_ruc(RUC, RAZON_SOCIAL, DIRECCION)
            .fecha_de_emision(self.today)
            .cobro(self.relacionado(relacionado, importe), self.today, importe)
            .build()
    }

    /// A retención (3 %) on a payment against the factura `relacionado`.
    pub fn retencion<R: Rng + ?Sized>(&self, rng: &mut R, key: &DocumentKey, relacionado: &DocumentKey) -> Retencion {
        let importe = self.amount(rng);
        Retencion::builder(&key.serie, key.numero, RetencionTipo::Tasa3)
            .cliente_ruc(RUC, RAZON_SOCIAL, DIRECCION)
            .fecha_de_emision(self.today)
            .pago(self.relacionado(relacionado, importe), self.today, importe)
            .build()
    }

    fn relacionado<'a>(&self, key: &'a DocumentKey, total: Decimal) -> Relacionado<'a> {
        Relacionado {
            tipo: TipoDocumentoRelacionado::Factura,
            serie: &key.serie,
            numero: key.numero,
            fecha_de_emision: self.today,
            total,
        }
    }

    fn items<R: Rng + ?Sized>(&self, rng: &mut R) -> Vec<Item> {
        let lines = self.generator.pick_lines(rng).max(1);
        (0..lines)
            .map(|n| {
                let cantidad = Decimal::from(self.generator.pick_quantity(rng));
                let valor_unitario = self.generator.pick_unit_price(rng);
                let code = *self.generator.tipo_de_igv.pick(rng);
                let tipo = TipoDeIgv::from_code(u64::from(code)).unwrap_or(TipoDeIgv::GravadoOneroso);
                Item::new("NIU", format!("PRODUCTO {}", n + 1), cantidad, valor_unitario, tipo)
            })
            .collect()
    }

    fn moneda<R: Rng + ?Sized>(&self, rng: &mut R) -> Moneda {
        Moneda::from_code(u64::from(self.generator.moneda.pick(rng).code())).unwrap_or(Moneda::Pen)
    }

    fn amount<R: Rng + ?Sized>(&self, rng: &mut R) -> Decimal {
        self.generator.pick_unit_price(rng) * Decimal::from(self.generator.pick_quantity(rng))
    }
}
