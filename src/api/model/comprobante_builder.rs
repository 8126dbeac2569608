//! Builders for comprobantes: "a factura with these 3 lines" in a few readable lines.
//!
//! Owns [`ComprobanteBuilder`], the [`Item`] constructors and the [`ApiRequest`] impls of
//! the comprobante family. `build()` runs the calculator once; nothing here allocates
//! beyond the document itself (the load generator builds thousands per second). Must not
//! validate nor read a clock: dates are passed in.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::codes::*;
use super::comprobante::{Comprobante, ComprobanteReply, ConsultarComprobante, Cuota, GuiaRelacionada, Item};
use super::format_date;
use crate::api::amounts;
use crate::api::key::{DocumentKey, TipoDeComprobante};
use crate::api::operation::Operation;
use crate::api::request::ApiRequest;

impl ApiRequest for Comprobante {
    type Reply = ComprobanteReply;
    fn operation(&self) -> Operation {
        Operation::GenerarComprobante
    }
    fn key(&self) -> DocumentKey {
        DocumentKey::comprobante(self.tipo_de_comprobante, self.serie.clone(), self.numero)
    }
}

impl ApiRequest for ConsultarComprobante {
    type Reply = ComprobanteReply;
    fn operation(&self) -> Operation {
        Operation::ConsultarComprobante
    }
    fn key(&self) -> DocumentKey {
        DocumentKey::comprobante(self.tipo_de_comprobante, self.serie.clone(), self.numero)
    }
}

impl ConsultarComprobante {
    /// The query for one comprobante.
    pub fn new(tipo: TipoDeComprobante, serie: impl Into<String>, numero: u32) -> Self {
        ConsultarComprobante { tipo_de_comprobante: tipo, serie: serie.into(), numero, ..Default::default() }
    }
}

impl Item {
    /// A line with the given tax type; the calculator fills the derived amounts.
    pub fn new(
        unidad_de_medida: impl Into<String>,
        descripcion: impl Into<String>,
        cantidad: Decimal,
        valor_unitario: Decimal,
        tipo_de_igv: TipoDeIgv,
    ) -> Self {
        Item {
            unidad_de_medida: unidad_de_medida.into(),
            descripcion: descripcion.into(),
            cantidad,
            valor_unitario,
            tipo_de_igv: Some(tipo_de_igv),
            ..Default::default()
        }
    }

    /// A taxed line (tipo 1): `valor_unitario` is without IGV.
    pub fn gravado(
        unidad: impl Into<String>,
        descripcion: impl Into<String>,
        cantidad: Decimal,
        valor_unitario: Decimal,
    ) -> Self {
        Self::new(unidad, descripcion, cantidad, valor_unitario, TipoDeIgv::GravadoOneroso)
    }

    /// An exonerated line (tipo 8).
    pub fn exonerado(
        unidad: impl Into<String>,
        descripcion: impl Into<String>,
        cantidad: Decimal,
        valor_unitario: Decimal,
    ) -> Self {
        Self::new(unidad, descripcion, cantidad, valor_unitario, TipoDeIgv::ExoneradoOneroso)
    }

    /// An unaffected line (tipo 9).
    pub fn inafecto(
        unidad: impl Into<String>,
        descripcion: impl Into<String>,
        cantidad: Decimal,
        valor_unitario: Decimal,
    ) -> Self {
        Self::new(unidad, descripcion, cantidad, valor_unitario, TipoDeIgv::InafectoOneroso)
    }

    /// An export line (tipo 16): counted in `total_inafecta`.
    pub fn exportacion(
        unidad: impl Into<String>,
        descripcion: impl Into<String>,
        cantidad: Decimal,
        valor_unitario: Decimal,
    ) -> Self {
        Self::new(unidad, descripcion, cantidad, valor_unitario, TipoDeIgv::Exportacion)
    }

    /// A free line: `tipo` must be one of the gratuito types (2–7, 10–15, 17, 20);
    /// `valor_unitario` is the referential value.
    pub fn gratuito(
        unidad: impl Into<String>,
        descripcion: impl Into<String>,
        cantidad: Decimal,
        valor_unitario: Decimal,
        tipo: TipoDeIgv,
    ) -> Self {
        Self::new(unidad, descripcion, cantidad, valor_unitario, tipo)
    }

    /// An IVAP (rice) line, `tipo_de_ivap` 17 (use with `porcentaje_de_igv` 4.00).
    pub fn ivap(
        unidad: impl Into<String>,
        descripcion: impl Into<String>,
        cantidad: Decimal,
        valor_unitario: Decimal,
    ) -> Self {
        let mut item = Self::gravado(unidad, descripcion, cantidad, valor_unitario);
        item.tipo_de_igv = None;
        item.tipo_de_ivap = Some(TipoDeIvap::Gravado);
        item
    }

    /// The line that deducts an earlier taxed advance invoice `serie`-`numero` (§10.3);
    /// amounts are positive.
    pub fn anticipo(descripcion: impl Into<String>, valor: Decimal, serie: impl Into<String>, numero: u32) -> Self {
        let mut item = Self::gravado("ZZ", descripcion, Decimal::ONE, valor);
        item.anticipo_regularizacion = true;
        item.anticipo_documento_serie = Some(serie.into());
        item.anticipo_documento_numero = Some(numero);
        item
    }

    /// Sets the line discount (before taxes).
    pub fn descuento(mut self, descuento: Decimal) -> Self {
        self.descuento = Some(descuento);
        self
    }

    /// Sets the ISC system (1–3) and amount of the line.
    pub fn isc(mut self, tipo_de_isc: u32, isc: Decimal) -> Self {
        self.tipo_de_isc = Some(tipo_de_isc);
        self.isc = Some(isc);
        self
    }

    /// Sets the ICBPER plastic-bag tax of the line.
    pub fn impuesto_bolsas(mut self, amount: Decimal) -> Self {
        self.impuesto_bolsas = Some(amount);
        self
    }

    /// Sets the line's other charges (not taxed).
    pub fn otros_cargos(mut self, amount: Decimal) -> Self {
        self.otros_cargos = Some(amount);
        self
    }

    /// Sets your product code.
    pub fn codigo(mut self, codigo: impl Into<String>) -> Self {
        self.codigo = Some(codigo.into());
        self
    }
}

/// Builds a [`Comprobante`]; [`ComprobanteBuilder::build`] fills every derived amount.
///
/// ```
/// use nubefact_harness::api::model::{Comprobante, Item};
/// use rust_decimal_macros::dec;
/// let factura = Comprobante::factura("F001", 42)
///     .cliente_ruc("20100000001", "COMERCIAL EJEMPLO SAC", "JR. UNO 123 - LIMA")
///     .fecha_de_emision(time::macros::date!(2026 - 03 - 15))
///     .item(Item::gravado("NIU", "CUADERNO A4", dec!(4), dec!(25.00)))
///     .item(Item::exonerado("NIU", "LIBRO ESCOLAR", dec!(1), dec!(40.00)))
///     .build();
/// assert_eq!(factura.total, Some(dec!(158.00)));
/// assert_eq!(factura.total_igv, Some(dec!(18.00)));
/// assert_eq!(factura.items[0].precio_unitario, Some(dec!(29.50)));
/// ```
#[derive(Debug, Clone)]
pub struct ComprobanteBuilder {
    // Boxed: the builder is moved by value through every chained call, and a
    // `Comprobante` is a few KiB; moving a pointer instead of the struct is the cheap part.
    doc: Box<Comprobante>,
    cuotas_de: Vec<time::Date>,
}

impl Comprobante {
    /// Starts a document of type `tipo` with the usual defaults: venta interna, soles,
    /// IGV 18.00, sent to SUNAT automatically, not emailed.
    pub fn builder(tipo: TipoDeComprobante, serie: impl Into<String>, numero: u32) -> ComprobanteBuilder {
        ComprobanteBuilder {
            doc: Box::new(Comprobante {
                tipo_de_comprobante: tipo,
                serie: serie.into(),
                numero,
                sunat_transaction: Some(SunatTransaction::VentaInterna),
                moneda: Some(Moneda::Pen),
                porcentaje_de_igv: Some(dec!(18.00)),
                enviar_automaticamente_a_la_sunat: Some(true),
                enviar_automaticamente_al_cliente: Some(false),
                ..Default::default()
            }),
            cuotas_de: Vec::new(),
        }
    }

    /// Starts a factura (tipo 1).
    pub fn factura(serie: impl Into<String>, numero: u32) -> ComprobanteBuilder {
        Self::builder(TipoDeComprobante::Factura, serie, numero)
    }

    /// Starts a boleta (tipo 2).
    pub fn boleta(serie: impl Into<String>, numero: u32) -> ComprobanteBuilder {
        Self::builder(TipoDeComprobante::Boleta, serie, numero)
    }

    /// Starts a nota de crédito (tipo 3) modifying `modifica` (a factura or boleta key);
    /// amounts stay positive (§10.3).
    pub fn nota_de_credito(
        serie: impl Into<String>,
        numero: u32,
        modifica: &DocumentKey,
        tipo: TipoDeNotaDeCredito,
    ) -> ComprobanteBuilder {
        let mut b = Self::builder(TipoDeComprobante::NotaDeCredito, serie, numero).modifica(modifica);
        b.doc.tipo_de_nota_de_credito = Some(tipo);
        b
    }

    /// Starts a nota de débito (tipo 4) modifying `modifica`.
    pub fn nota_de_debito(
        serie: impl Into<String>,
        numero: u32,
        modifica: &DocumentKey,
        tipo: TipoDeNotaDeDebito,
    ) -> ComprobanteBuilder {
        let mut b = Self::builder(TipoDeComprobante::NotaDeDebito, serie, numero).modifica(modifica);
        b.doc.tipo_de_nota_de_debito = Some(tipo);
        b
    }
}

impl ComprobanteBuilder {
    /// Sets the modified document of a note.
    pub fn modifica(mut self, key: &DocumentKey) -> Self {
        self.doc.documento_que_se_modifica_tipo = key.tipo;
        self.doc.documento_que_se_modifica_serie = Some(key.serie.clone());
        self.doc.documento_que_se_modifica_numero = Some(key.numero);
        self
    }

    /// Sets the customer.
    pub fn cliente(
        mut self,
        tipo: ClienteTipoDeDocumento,
        numero: impl Into<String>,
        denominacion: impl Into<String>,
        direccion: Option<String>,
    ) -> Self {
        self.doc.cliente_tipo_de_documento = Some(tipo);
        self.doc.cliente_numero_de_documento = Some(numero.into());
        self.doc.cliente_denominacion = Some(denominacion.into());
        self.doc.cliente_direccion = direccion;
        self
    }

    /// A customer with a RUC (required on facturas).
    pub fn cliente_ruc(
        self,
        ruc: impl Into<String>,
        denominacion: impl Into<String>,
        direccion: impl Into<String>,
    ) -> Self {
        self.cliente(ClienteTipoDeDocumento::Ruc, ruc, denominacion, Some(direccion.into()))
    }

    /// A customer with a DNI, no address (boletas).
    pub fn cliente_dni(self, dni: impl Into<String>, denominacion: impl Into<String>) -> Self {
        self.cliente(ClienteTipoDeDocumento::Dni, dni, denominacion, None)
    }

    /// An unidentified customer (`-`, boletas under S/ 700).
    pub fn cliente_varios(self) -> Self {
        self.cliente(ClienteTipoDeDocumento::Varios, "-", "CLIENTES VARIOS", None)
    }

    /// Sets the customer's email.
    pub fn cliente_email(mut self, email: impl Into<String>) -> Self {
        self.doc.cliente_email = Some(email.into());
        self
    }

    /// Sets `fecha_de_emision` (written `DD-MM-YYYY`).
    pub fn fecha_de_emision(mut self, date: time::Date) -> Self {
        self.doc.fecha_de_emision = Some(format_date(date));
        self
    }

    /// Sets `fecha_de_vencimiento`.
    pub fn fecha_de_vencimiento(mut self, date: time::Date) -> Self {
        self.doc.fecha_de_vencimiento = Some(format_date(date));
        self
    }

    /// Sets the currency; a foreign one needs `tipo_de_cambio` (3 decimals).
    pub fn moneda(mut self, moneda: Moneda, tipo_de_cambio: Option<Decimal>) -> Self {
        self.doc.moneda = Some(moneda);
        self.doc.tipo_de_cambio = tipo_de_cambio;
        self
    }

    /// Sets `porcentaje_de_igv` (18.00, 10.50, 4.00 for IVAP…).
    pub fn porcentaje_de_igv(mut self, porcentaje: Decimal) -> Self {
        self.doc.porcentaje_de_igv = Some(porcentaje);
        self
    }

    /// Sets `sunat_transaction`.
    pub fn sunat_transaction(mut self, t: SunatTransaction) -> Self {
        self.doc.sunat_transaction = Some(t);
        self
    }

    /// Adds a line.
    pub fn item(mut self, item: Item) -> Self {
        self.doc.items.push(item);
        self
    }

    /// Adds lines.
    pub fn items(mut self, items: impl IntoIterator<Item = Item>) -> Self {
        self.doc.items.extend(items);
        self
    }

    /// Sets the pre-tax document-level discount, taken from the taxed base.
    pub fn descuento_global(mut self, d: Decimal) -> Self {
        self.doc.descuento_global = Some(d);
        self
    }

    /// A percepción operation (`sunat_transaction` 34) at the given rate.
    pub fn percepcion(mut self, tipo: PercepcionTipo) -> Self {
        self.doc.sunat_transaction = Some(SunatTransaction::Percepcion);
        self.doc.percepcion_tipo = Some(tipo);
        self
    }

    /// A "factura con retención" at the given rate; `total` is unchanged.
    pub fn retencion(mut self, tipo: RetencionTipo) -> Self {
        self.doc.retencion_tipo = Some(tipo);
        self
    }

    /// A detracción: `detraccion` true, the good/service type, the percentage and the
    /// payment means; `sunat_transaction` becomes 30 unless it already is 30–33.
    pub fn detraccion(mut self, tipo: DetraccionTipo, porcentaje: Decimal, medio: MedioDePagoDetraccion) -> Self {
        if !self.doc.sunat_transaction.is_some_and(SunatTransaction::is_detraccion) {
            self.doc.sunat_transaction = Some(SunatTransaction::Detraccion);
        }
        self.doc.detraccion = Some(true);
        self.doc.detraccion_tipo = Some(tipo);
        self.doc.detraccion_porcentaje = Some(porcentaje);
        self.doc.medio_de_pago_detraccion = Some(medio);
        self
    }

    /// Adds one explicit installment.
    pub fn cuota(mut self, fecha_de_pago: time::Date, importe: Decimal) -> Self {
        let n = u32::try_from(self.doc.venta_al_credito.len() + 1).unwrap_or(u32::MAX);
        self.doc.venta_al_credito.push(Cuota {
            cuota: Some(n),
            fecha_de_pago: Some(format_date(fecha_de_pago)),
            importe,
        });
        self
    }

    /// A credit sale in equal installments on these dates; `build()` splits the payable
    /// amount (total − detracción − retención), the last installment taking the remainder.
    pub fn credito_en_cuotas(mut self, fechas: &[time::Date]) -> Self {
        self.cuotas_de = fechas.to_vec();
        self.doc.condiciones_de_pago.get_or_insert_with(|| "CREDITO".to_owned());
        self
    }

    /// Adds a related guía (`T001-15`).
    pub fn guia(mut self, tipo: GuiaTipo, serie_numero: impl Into<String>) -> Self {
        self.doc.guias.push(GuiaRelacionada { guia_tipo: Some(tipo), guia_serie_numero: Some(serie_numero.into()) });
        self
    }

    /// Sets `codigo_unico` (Nubefact dedupes on it).
    pub fn codigo_unico(mut self, codigo: impl Into<String>) -> Self {
        self.doc.codigo_unico = Some(codigo.into());
        self
    }

    /// Sets `observaciones`.
    pub fn observaciones(mut self, text: impl Into<String>) -> Self {
        self.doc.observaciones = Some(text.into());
        self
    }

    /// Sets whether Nubefact sends the document to SUNAT and emails the customer.
    pub fn envio(mut self, a_la_sunat: bool, al_cliente: bool) -> Self {
        self.doc.enviar_automaticamente_a_la_sunat = Some(a_la_sunat);
        self.doc.enviar_automaticamente_al_cliente = Some(al_cliente);
        self
    }

    /// Any other change to the document before the amounts are computed.
    pub fn with(mut self, f: impl FnOnce(&mut Comprobante)) -> Self {
        f(&mut self.doc);
        self
    }

    /// Runs the calculator and returns the finished document.
    pub fn build(mut self) -> Comprobante {
        amounts::apply(&mut self.doc);
        if !self.cuotas_de.is_empty() {
            let payable = amounts::compute(&self.doc).payable;
            let n = Decimal::from(self.cuotas_de.len());
            let each = amounts::round2(payable / n);
            let mut rest = payable;
            let last = self.cuotas_de.len() - 1;
            for (i, fecha) in self.cuotas_de.iter().enumerate() {
                let importe = if i == last { rest } else { each };
                rest -= importe;
                let cuota = u32::try_from(i + 1).unwrap_or(u32::MAX);
                self.doc.venta_al_credito.push(Cuota {
                    cuota: Some(cuota),
                    fecha_de_pago: Some(format_date(*fecha)),
                    importe,
                });
            }
        }
        *self.doc
    }
}
