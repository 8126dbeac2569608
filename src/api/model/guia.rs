//! `generar_guia` / `consultar_guia` (§7): guías de remisión electrónicas.
//!
//! Owns [`Guia`] with its items, related documents, secondary vehicles and drivers, the
//! query, the reply, and a small [`GuiaBuilder`]. Must not validate nor read a clock.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::codes::*;
use super::{Operacion, format_date, lenient};
use crate::api::key::{DocumentKey, TipoDeComprobante};
use crate::api::operation::Operation;
use crate::api::request::ApiRequest;

/// `generar_guia` (§7.1): a GRE remitente (7) or transportista (8). Build one with
/// [`Guia::remitente`] / [`Guia::transportista`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Guia {
    /// Always [`Operation::GenerarGuia`].
    pub operacion: Operacion<4>,
    /// 7 remitente, 8 transportista.
    pub tipo_de_comprobante: TipoDeComprobante,
    /// `T…` for 7, `V…` for 8.
    #[serde(with = "lenient::string")]
    pub serie: String,
    /// `numero`.
    #[serde(with = "lenient::req_u32")]
    pub numero: u32,
    /// In 7 the recipient, in 8 the sender.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub cliente_tipo_de_documento: Option<ClienteTipoDeDocumento>,
    /// `cliente_numero_de_documento`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub cliente_numero_de_documento: Option<String>,
    /// `cliente_denominacion`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub cliente_denominacion: Option<String>,
    /// `cliente_direccion`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub cliente_direccion: Option<String>,
    /// `cliente_email`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub cliente_email: Option<String>,
    /// `cliente_email_1`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub cliente_email_1: Option<String>,
    /// `cliente_email_2`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub cliente_email_2: Option<String>,
    /// Today, or at most 1 day earlier.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub fecha_de_emision: Option<String>,
    /// `observaciones`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub observaciones: Option<String>,
    /// Required in 7.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub motivo_de_traslado: Option<MotivoDeTraslado>,
    /// ≤70, with motive 13.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub motivo_de_traslado_otros_descripcion: Option<String>,
    /// DAM/DS for import/export.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub documento_relacionado_codigo: Option<DocumentoRelacionadoCodigo>,
    /// > 0.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub peso_bruto_total: Option<Decimal>,
    /// `peso_bruto_unidad_de_medida`.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub peso_bruto_unidad_de_medida: Option<PesoUnidad>,
    /// Required in 7.
    #[serde(with = "lenient::opt_u32", skip_serializing_if = "Option::is_none")]
    pub numero_de_bultos: Option<u32>,
    /// Required in 7.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub tipo_de_transporte: Option<TipoDeTransporte>,
    /// `fecha_de_inicio_de_traslado`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub fecha_de_inicio_de_traslado: Option<String>,
    /// 6, in 7 with public transport.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub transportista_documento_tipo: Option<ClienteTipoDeDocumento>,
    /// Exactly 11.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub transportista_documento_numero: Option<String>,
    /// `transportista_denominacion`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub transportista_denominacion: Option<String>,
    /// 6–8, no hyphens.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub transportista_placa_numero: Option<String>,
    /// 10–15 (8).
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub tuc_vehiculo_principal: Option<String>,
    /// In 7 with private transport; required in 8.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub conductor_documento_tipo: Option<ClienteTipoDeDocumento>,
    /// `conductor_documento_numero`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub conductor_documento_numero: Option<String>,
    /// `conductor_denominacion`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub conductor_denominacion: Option<String>,
    /// `conductor_nombre`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub conductor_nombre: Option<String>,
    /// `conductor_apellidos`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub conductor_apellidos: Option<String>,
    /// 9–10.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub conductor_numero_licencia: Option<String>,
    /// 8.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub destinatario_documento_tipo: Option<ClienteTipoDeDocumento>,
    /// `destinatario_documento_numero`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub destinatario_documento_numero: Option<String>,
    /// `destinatario_denominacion`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub destinatario_denominacion: Option<String>,
    /// `mtc`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub mtc: Option<String>,
    /// `sunat_envio_indicador`.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub sunat_envio_indicador: Option<SunatEnvioIndicador>,
    /// With indicator 02; must be 6.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub subcontratador_documento_tipo: Option<ClienteTipoDeDocumento>,
    /// `subcontratador_documento_numero`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub subcontratador_documento_numero: Option<String>,
    /// `subcontratador_denominacion`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub subcontratador_denominacion: Option<String>,
    /// With indicator 03.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub pagador_servicio_documento_tipo_identidad: Option<ClienteTipoDeDocumento>,
    /// `pagador_servicio_documento_numero_identidad`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub pagador_servicio_documento_numero_identidad: Option<String>,
    /// `pagador_servicio_denominacion`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub pagador_servicio_denominacion: Option<String>,
    /// `punto_de_partida_ubigeo`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub punto_de_partida_ubigeo: Option<String>,
    /// `punto_de_partida_direccion`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub punto_de_partida_direccion: Option<String>,
    /// Exactly 4, motives 04 and 18.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub punto_de_partida_codigo_establecimiento_sunat: Option<String>,
    /// `punto_de_llegada_ubigeo`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub punto_de_llegada_ubigeo: Option<String>,
    /// `punto_de_llegada_direccion`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub punto_de_llegada_direccion: Option<String>,
    /// `punto_de_llegada_codigo_establecimiento_sunat`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub punto_de_llegada_codigo_establecimiento_sunat: Option<String>,
    /// `enviar_automaticamente_al_cliente`.
    #[serde(with = "lenient::opt_bool", skip_serializing_if = "Option::is_none")]
    pub enviar_automaticamente_al_cliente: Option<bool>,
    /// `A4` or `TICKET`.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub formato_de_pdf: Option<FormatoDePdf>,
    /// `items`.
    #[serde(deserialize_with = "lenient::vec::deserialize", skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<GuiaItem>,
    /// `documento_relacionado`.
    #[serde(deserialize_with = "lenient::vec::deserialize", skip_serializing_if = "Vec::is_empty")]
    pub documento_relacionado: Vec<DocumentoRelacionado>,
    /// At most 2.
    #[serde(deserialize_with = "lenient::vec::deserialize", skip_serializing_if = "Vec::is_empty")]
    pub vehiculos_secundarios: Vec<VehiculoSecundario>,
    /// At most 2.
    #[serde(deserialize_with = "lenient::vec::deserialize", skip_serializing_if = "Vec::is_empty")]
    pub conductores_secundarios: Vec<ConductorSecundario>,
}

/// A GRE line (§7.1).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GuiaItem {
    /// `unidad_de_medida`.
    #[serde(with = "lenient::string")]
    pub unidad_de_medida: String,
    /// `codigo`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub codigo: Option<String>,
    /// `descripcion`.
    #[serde(with = "lenient::string")]
    pub descripcion: String,
    /// `cantidad`.
    #[serde(with = "lenient::decimal")]
    pub cantidad: Decimal,
    /// ≤23, import/export.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub codigo_dam: Option<String>,
}

/// A GRE `documento_relacionado[]` entry.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DocumentoRelacionado {
    /// `01`, `03`, `09`, `31`.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub tipo: Option<TipoDocumentoRelacionado>,
    /// `serie`.
    #[serde(with = "lenient::string")]
    pub serie: String,
    /// `numero`.
    #[serde(with = "lenient::req_u32")]
    pub numero: u32,
}

/// A secondary vehicle.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VehiculoSecundario {
    /// `placa_numero`.
    #[serde(with = "lenient::string")]
    pub placa_numero: String,
    /// `tuc`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub tuc: Option<String>,
}

/// A secondary driver.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ConductorSecundario {
    /// `documento_tipo`.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub documento_tipo: Option<ClienteTipoDeDocumento>,
    /// `documento_numero`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub documento_numero: Option<String>,
    /// `nombre`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub nombre: Option<String>,
    /// `apellidos`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub apellidos: Option<String>,
    /// `numero_licencia`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub numero_licencia: Option<String>,
}

/// `consultar_guia` (§7.2).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsultarGuia {
    /// Always [`Operation::ConsultarGuia`].
    pub operacion: Operacion<5>,
    /// `tipo_de_comprobante`.
    pub tipo_de_comprobante: TipoDeComprobante,
    /// `serie`.
    #[serde(with = "lenient::string")]
    pub serie: String,
    /// `numero`.
    #[serde(with = "lenient::req_u32")]
    pub numero: u32,
}

/// The answer to both GRE operations (§7.3), parsed leniently.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GuiaReply {
    /// After `generar_guia`: query later.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub nota_importante: Option<String>,
    /// `tipo_de_comprobante`.
    #[serde(with = "lenient::opt_u32", skip_serializing_if = "Option::is_none")]
    pub tipo_de_comprobante: Option<u32>,
    /// `serie`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub serie: Option<String>,
    /// `numero`.
    #[serde(with = "lenient::opt_u32", skip_serializing_if = "Option::is_none")]
    pub numero: Option<u32>,
    /// `enlace`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub enlace: Option<String>,
    /// `aceptada_por_sunat`.
    #[serde(with = "lenient::opt_bool", skip_serializing_if = "Option::is_none")]
    pub aceptada_por_sunat: Option<bool>,
    /// `sunat_description`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub sunat_description: Option<String>,
    /// `sunat_note`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub sunat_note: Option<String>,
    /// `sunat_responsecode`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub sunat_responsecode: Option<String>,
    /// `sunat_soap_error`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub sunat_soap_error: Option<String>,
    /// `pdf_zip_base64`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub pdf_zip_base64: Option<String>,
    /// `xml_zip_base64`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub xml_zip_base64: Option<String>,
    /// `cdr_zip_base64`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub cdr_zip_base64: Option<String>,
    /// `cadena_para_codigo_qr`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub cadena_para_codigo_qr: Option<String>,
    /// `enlace_del_pdf`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub enlace_del_pdf: Option<String>,
    /// `enlace_del_xml`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub enlace_del_xml: Option<String>,
    /// `enlace_del_cdr`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub enlace_del_cdr: Option<String>,
    /// Reported by one peer after a void in SUNAT's portal (unconfirmed).
    #[serde(with = "lenient::opt_bool", skip_serializing_if = "Option::is_none")]
    pub anulado: Option<bool>,
}

impl ApiRequest for Guia {
    type Reply = GuiaReply;
    fn operation(&self) -> Operation {
        Operation::GenerarGuia
    }
    fn key(&self) -> DocumentKey {
        DocumentKey::comprobante(self.tipo_de_comprobante, self.serie.clone(), self.numero)
    }
}

impl ApiRequest for ConsultarGuia {
    type Reply = GuiaReply;
    fn operation(&self) -> Operation {
        Operation::ConsultarGuia
    }
    fn key(&self) -> DocumentKey {
        DocumentKey::comprobante(self.tipo_de_comprobante, self.serie.clone(), self.numero)
    }
}

impl ConsultarGuia {
    /// The query for one guía.
    pub fn new(tipo: TipoDeComprobante, serie: impl Into<String>, numero: u32) -> Self {
        ConsultarGuia { tipo_de_comprobante: tipo, serie: serie.into(), numero, ..Default::default() }
    }
}

impl GuiaItem {
    /// A line: unit (`NIU`, `ZZ`, `KGM`…), description, quantity.
    pub fn new(unidad_de_medida: impl Into<String>, descripcion: impl Into<String>, cantidad: Decimal) -> Self {
        GuiaItem {
            unidad_de_medida: unidad_de_medida.into(),
            descripcion: descripcion.into(),
            cantidad,
            ..Default::default()
        }
    }
}

/// Builds a [`Guia`].
///
/// ```
/// use nubefact_harness::api::model::{Guia, GuiaItem, MotivoDeTraslado};
/// use rust_decimal_macros::dec;
/// let d = time::macros::date!(2026 - 03 - 15);
/// let guia = Guia::remitente("T001", 7)
///     .destinatario_ruc("20100000001", "COMERCIAL EJEMPLO SAC", "JR. UNO 123 - LIMA")
///     .fechas(d, d)
///     .motivo(MotivoDeTraslado::Venta)
///     .peso_kgm(dec!(12.5), 2)
///     .transporte_privado("ABC123", "1", "44556677", "JUAN", "PEREZ", "Q44556677")
///     .partida("150101", "AV. ORIGEN 100")
///     .llegada("150102", "JR. DESTINO 200")
///     .item(GuiaItem::new("NIU", "CAJAS DE CUADERNOS", dec!(2)))
///     .build();
/// assert_eq!(guia.tipo_de_transporte.map(|t| t.code()), Some("02"));
/// ```
#[derive(Debug, Clone)]
pub struct GuiaBuilder {
    doc: Guia,
}

impl Guia {
    /// Starts a GRE remitente (tipo 7, series `T…`).
    pub fn remitente(serie: impl Into<String>, numero: u32) -> GuiaBuilder {
        GuiaBuilder {
            doc: Guia {
                tipo_de_comprobante: TipoDeComprobante::GuiaRemitente,
                serie: serie.into(),
                numero,
                enviar_automaticamente_al_cliente: Some(false),
                ..Default::default()
            },
        }
    }

    /// Starts a GRE transportista (tipo 8, series `V…`).
    pub fn transportista(serie: impl Into<String>, numero: u32) -> GuiaBuilder {
        let mut b = Self::remitente(serie, numero);
        b.doc.tipo_de_comprobante = TipoDeComprobante::GuiaTransportista;
        b
    }
}

impl GuiaBuilder {
    /// The `cliente_*` party (recipient in 7, sender in 8) with a RUC.
    pub fn destinatario_ruc(
        mut self,
        ruc: impl Into<String>,
        denominacion: impl Into<String>,
        direccion: impl Into<String>,
    ) -> Self {
        self.doc.cliente_tipo_de_documento = Some(ClienteTipoDeDocumento::Ruc);
        self.doc.cliente_numero_de_documento = Some(ruc.into());
        self.doc.cliente_denominacion = Some(denominacion.into());
        self.doc.cliente_direccion = Some(direccion.into());
        self
    }

    /// Sets the emission and transfer-start dates.
    pub fn fechas(mut self, emision: time::Date, inicio_de_traslado: time::Date) -> Self {
        self.doc.fecha_de_emision = Some(format_date(emision));
        self.doc.fecha_de_inicio_de_traslado = Some(format_date(inicio_de_traslado));
        self
    }

    /// Sets `motivo_de_traslado` (GRE remitente).
    pub fn motivo(mut self, motivo: MotivoDeTraslado) -> Self {
        self.doc.motivo_de_traslado = Some(motivo);
        self
    }

    /// Sets the gross weight in kilograms and the number of packages.
    pub fn peso_kgm(mut self, peso: Decimal, bultos: u32) -> Self {
        self.doc.peso_bruto_total = Some(peso);
        self.doc.peso_bruto_unidad_de_medida = Some(PesoUnidad::Kgm);
        self.doc.numero_de_bultos = Some(bultos);
        self
    }

    /// Public transport (`01`) by the carrier with this RUC, vehicle plate given.
    pub fn transporte_publico(
        mut self,
        ruc: impl Into<String>,
        denominacion: impl Into<String>,
        placa: impl Into<String>,
    ) -> Self {
        self.doc.tipo_de_transporte = Some(TipoDeTransporte::Publico);
        self.doc.transportista_documento_tipo = Some(ClienteTipoDeDocumento::Ruc);
        self.doc.transportista_documento_numero = Some(ruc.into());
        self.doc.transportista_denominacion = Some(denominacion.into());
        self.doc.transportista_placa_numero = Some(placa.into());
        self
    }

    /// Private transport (`02`): plate and main driver (document type code, number,
    /// names, licence).
    pub fn transporte_privado(
        mut self,
        placa: impl Into<String>,
        conductor_tipo: &str,
        conductor_numero: impl Into<String>,
        nombre: impl Into<String>,
        apellidos: impl Into<String>,
        licencia: impl Into<String>,
    ) -> Self {
        self.doc.tipo_de_transporte = Some(TipoDeTransporte::Privado);
        self.doc.transportista_placa_numero = Some(placa.into());
        self = self.conductor(conductor_tipo, conductor_numero, nombre, apellidos, licencia);
        self
    }

    /// Sets the main driver (required in 8 and with private transport in 7).
    pub fn conductor(
        mut self,
        tipo: &str,
        numero: impl Into<String>,
        nombre: impl Into<String>,
        apellidos: impl Into<String>,
        licencia: impl Into<String>,
    ) -> Self {
        let (nombre, apellidos) = (nombre.into(), apellidos.into());
        self.doc.conductor_documento_tipo = ClienteTipoDeDocumento::from_code(tipo);
        self.doc.conductor_documento_numero = Some(numero.into());
        self.doc.conductor_denominacion = Some(format!("{nombre} {apellidos}"));
        self.doc.conductor_nombre = Some(nombre);
        self.doc.conductor_apellidos = Some(apellidos);
        self.doc.conductor_numero_licencia = Some(licencia.into());
        self
    }

    /// Sets the vehicle plate (GRE transportista).
    pub fn placa(mut self, placa: impl Into<String>) -> Self {
        self.doc.transportista_placa_numero = Some(placa.into());
        self
    }

    /// The final recipient (GRE transportista).
    pub fn destinatario_final(
        mut self,
        tipo: ClienteTipoDeDocumento,
        numero: impl Into<String>,
        denominacion: impl Into<String>,
    ) -> Self {
        self.doc.destinatario_documento_tipo = Some(tipo);
        self.doc.destinatario_documento_numero = Some(numero.into());
        self.doc.destinatario_denominacion = Some(denominacion.into());
        self
    }

    /// Sets the departure point (ubigeo, address).
    pub fn partida(mut self, ubigeo: impl Into<String>, direccion: impl Into<String>) -> Self {
        self.doc.punto_de_partida_ubigeo = Some(ubigeo.into());
        self.doc.punto_de_partida_direccion = Some(direccion.into());
        self
    }

    /// Sets the arrival point (ubigeo, address).
    pub fn llegada(mut self, ubigeo: impl Into<String>, direccion: impl Into<String>) -> Self {
        self.doc.punto_de_llegada_ubigeo = Some(ubigeo.into());
        self.doc.punto_de_llegada_direccion = Some(direccion.into());
        self
    }

    /// Adds a line.
    pub fn item(mut self, item: GuiaItem) -> Self {
        self.doc.items.push(item);
        self
    }

    /// Adds a related document.
    pub fn documento_relacionado(
        mut self,
        tipo: TipoDocumentoRelacionado,
        serie: impl Into<String>,
        numero: u32,
    ) -> Self {
        self.doc.documento_relacionado.push(DocumentoRelacionado { tipo: Some(tipo), serie: serie.into(), numero });
        self
    }

    /// Any other change.
    pub fn with(mut self, f: impl FnOnce(&mut Guia)) -> Self {
        f(&mut self.doc);
        self
    }

    /// The finished guía (a GRE has no amounts to derive).
    pub fn build(self) -> Guia {
        self.doc
    }
}
