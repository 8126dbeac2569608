//! The code tables of reference §9 as enums.
//!
//! Owns every `tipo_*`/`motivo_*`/… table except `tipo_de_comprobante` (in `key.rs`), each
//! with its wire code, lenient parsing (the code as a string or an integer, `""` = absent)
//! and canonical output (integer tables as JSON integers, string tables as strings). Must not
//! know about documents or amounts beyond the per-code facts of §9 (tax category, rate,
//! SUNAT code).

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::lenient::{Code, opt_code};

/// Defines a code table. `int` tables serialize as JSON integers; `str` tables as strings,
/// and parse a shorter numeric code left-padded with zeros to `width` (`1` → `"01"`).
macro_rules! code_table {
    ($(#[$m:meta])* $name:ident, $table:literal, int { $($(#[$vm:meta])* $var:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vm])* $var),+ }
        impl $name {
            /// Every value, in code order.
            pub const ALL: &'static [$name] = &[$($name::$var),+];
            /// The Nubefact integer code.
            pub const fn code(self) -> u8 { match self { $($name::$var => $code),+ } }
            /// The value for an integer code, if it is one.
            pub const fn from_code(code: u64) -> Option<Self> {
                match code { $($code => Some($name::$var),)+ _ => None }
            }
        }
        impl Code for $name {
            const TABLE: &'static str = $table;
            fn from_wire(text: &str) -> Option<Self> {
                text.parse::<u64>().ok().and_then(Self::from_code)
            }
            fn from_u64(n: u64) -> Option<Self> {
                Self::from_code(n)
            }
        }
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { s.serialize_u8(self.code()) }
        }
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                opt_code(d)?.ok_or_else(|| serde::de::Error::custom(concat!($table, " is missing")))
            }
        }
    };
    ($(#[$m:meta])* $name:ident, $table:literal, str $width:literal { $($(#[$vm:meta])* $var:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vm])* $var),+ }
        impl $name {
            /// Every value, in table order.
            pub const ALL: &'static [$name] = &[$($name::$var),+];
            /// The wire code.
            pub const fn code(self) -> &'static str { match self { $($name::$var => $code),+ } }
            /// The value for a wire code, if it is one.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$var),)+ _ => None }
            }
        }
        impl Code for $name {
            const TABLE: &'static str = $table;
            fn from_wire(text: &str) -> Option<Self> {
                if let Some(v) = Self::from_code(text) {
                    return Some(v);
                }
                let upper = text.to_ascii_uppercase();
                if let Some(v) = Self::from_code(&upper) {
                    return Some(v);
                }
                if !text.is_empty() && text.len() < $width && text.bytes().all(|b| b.is_ascii_digit()) {
                    return Self::from_code(&format!("{:0>w$}", text, w = $width));
                }
                None
            }
        }
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { s.serialize_str(self.code()) }
        }
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                opt_code(d)?.ok_or_else(|| serde::de::Error::custom(concat!($table, " is missing")))
            }
        }
    };
}

impl Code for crate::api::key::TipoDeComprobante {
    const TABLE: &'static str = "tipo_de_comprobante";
    fn from_wire(text: &str) -> Option<Self> {
        text.parse::<u64>().ok().and_then(Self::from_code)
    }
    fn from_u64(n: u64) -> Option<Self> {
        Self::from_code(n)
    }
}

code_table! {
    /// `sunat_transaction` (§9.2).
    SunatTransaction, "sunat_transaction", int {
        /// 1: venta interna.
        VentaInterna = 1,
        /// 2: exportación.
        Exportacion = 2,
        /// 4: venta interna – anticipos.
        Anticipos = 4,
        /// 29: ventas a no domiciliados que no califican como exportación.
        NoDomiciliados = 29,
        /// 30: operación sujeta a detracción.
        Detraccion = 30,
        /// 31: detracción – recursos hidrobiológicos.
        DetraccionHidrobiologicos = 31,
        /// 32: detracción – transporte de pasajeros.
        DetraccionPasajeros = 32,
        /// 33: detracción – transporte de carga.
        DetraccionCarga = 33,
        /// 34: operación sujeta a percepción.
        Percepcion = 34,
        /// 35: venta nacional a turistas – Tax Free.
        TaxFree = 35,
    }
}

impl SunatTransaction {
    /// `true` for 30–33, the detracción operations.
    pub const fn is_detraccion(self) -> bool {
        matches!(
            self,
            Self::Detraccion | Self::DetraccionHidrobiologicos | Self::DetraccionPasajeros | Self::DetraccionCarga
        )
    }
}

code_table! {
    /// `cliente_tipo_de_documento` (§9.3): a one-character string code; integers are accepted.
    ClienteTipoDeDocumento, "cliente_tipo_de_documento", str 1 {
        /// `6`: RUC.
        Ruc = "6",
        /// `1`: DNI.
        Dni = "1",
        /// `-`: varios, no identification.
        Varios = "-",
        /// `4`: carné de extranjería.
        CarneDeExtranjeria = "4",
        /// `7`: pasaporte.
        Pasaporte = "7",
        /// `A`: cédula diplomática de identidad.
        CedulaDiplomatica = "A",
        /// `B`: document of the country of residence (non-domiciled).
        DocumentoPaisDeResidencia = "B",
        /// `0`: non-domiciled without RUC (exports).
        NoDomiciliado = "0",
        /// `G`: salvoconducto.
        Salvoconducto = "G",
    }
}

code_table! {
    /// `moneda` (§9.12).
    Moneda, "moneda", int {
        /// 1: soles.
        Pen = 1,
        /// 2: US dollars.
        Usd = 2,
        /// 3: euros.
        Eur = 3,
        /// 4: pounds sterling.
        Gbp = 4,
    }
}

/// Where a line's subtotal goes in the document totals (§9.4, §10.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaxCategory {
    /// IGV (or IVAP) charged; to `total_gravada`.
    Gravado,
    /// Free transfer; to `total_gratuita`, not to `total`.
    Gratuito,
    /// To `total_exonerada`.
    Exonerado,
    /// To `total_inafecta`.
    Inafecto,
    /// Exportación; to `total_inafecta` as in the official export example.
    Exportacion,
}

impl TaxCategory {
    /// The document total the line's subtotal is added to (§10.2).
    pub const fn total_field(self) -> &'static str {
        match self {
            TaxCategory::Gravado => "total_gravada",
            TaxCategory::Gratuito => "total_gratuita",
            TaxCategory::Exonerado => "total_exonerada",
            TaxCategory::Inafecto | TaxCategory::Exportacion => "total_inafecta",
        }
    }

    /// `true` when the line pays IGV/IVAP.
    pub const fn is_taxed(self) -> bool {
        matches!(self, TaxCategory::Gravado)
    }
}

code_table! {
    /// `tipo_de_igv` (§9.4). 18 and 19 do not exist.
    TipoDeIgv, "tipo_de_igv", int {
        /// 1: gravado – operación onerosa.
        GravadoOneroso = 1,
        /// 2: gravado – retiro por premio.
        GravadoRetiroPorPremio = 2,
        /// 3: gravado – retiro por donación.
        GravadoRetiroPorDonacion = 3,
        /// 4: gravado – retiro.
        GravadoRetiro = 4,
        /// 5: gravado – retiro por publicidad.
        GravadoRetiroPorPublicidad = 5,
        /// 6: gravado – bonificaciones.
        GravadoBonificaciones = 6,
        /// 7: gravado – retiro por entrega a trabajadores.
        GravadoRetiroATrabajadores = 7,
        /// 8: exonerado – operación onerosa.
        ExoneradoOneroso = 8,
        /// 9: inafecto – operación onerosa.
        InafectoOneroso = 9,
        /// 10: inafecto – retiro por bonificación.
        InafectoRetiroPorBonificacion = 10,
        /// 11: inafecto – retiro.
        InafectoRetiro = 11,
        /// 12: inafecto – retiro por muestras médicas.
        InafectoMuestrasMedicas = 12,
        /// 13: inafecto – retiro por convenio colectivo.
        InafectoConvenioColectivo = 13,
        /// 14: inafecto – retiro por premio.
        InafectoRetiroPorPremio = 14,
        /// 15: inafecto – retiro por publicidad.
        InafectoRetiroPorPublicidad = 15,
        /// 16: exportación.
        Exportacion = 16,
        /// 17: exonerado – transferencia gratuita.
        ExoneradoGratuito = 17,
        /// 20: inafecto – transferencia gratuita.
        InafectoGratuito = 20,
    }
}

impl TipoDeIgv {
    /// The tax category, i.e. which document total the line feeds (§9.4).
    pub const fn category(self) -> TaxCategory {
        match self {
            Self::GravadoOneroso => TaxCategory::Gravado,
            Self::ExoneradoOneroso => TaxCategory::Exonerado,
            Self::InafectoOneroso => TaxCategory::Inafecto,
            Self::Exportacion => TaxCategory::Exportacion,
            _ => TaxCategory::Gratuito,
        }
    }

    /// SUNAT catalogue 07 code (guess, §9.4).
    pub const fn sunat_code(self) -> &'static str {
        match self {
            Self::GravadoOneroso => "10",
            Self::GravadoRetiroPorPremio => "11",
            Self::GravadoRetiroPorDonacion => "12",
            Self::GravadoRetiro => "13",
            Self::GravadoRetiroPorPublicidad => "14",
            Self::GravadoBonificaciones => "15",
            Self::GravadoRetiroATrabajadores => "16",
            Self::ExoneradoOneroso => "20",
            Self::InafectoOneroso => "30",
            Self::InafectoRetiroPorBonificacion => "31",
            Self::InafectoRetiro => "32",
            Self::InafectoMuestrasMedicas => "33",
            Self::InafectoConvenioColectivo => "34",
            Self::InafectoRetiroPorPremio => "35",
            Self::InafectoRetiroPorPublicidad => "36",
            Self::Exportacion => "40",
            Self::ExoneradoGratuito => "21",
            Self::InafectoGratuito => "37",
        }
    }
}

code_table! {
    /// `tipo_de_ivap` (§4.2, §9.4): the rice tax, a string code.
    TipoDeIvap, "tipo_de_ivap", str 3 {
        /// `17`: IVAP gravado (4 %), to `total_gravada`.
        Gravado = "17",
        /// `101`: IVAP gratuito, to `total_gratuita`.
        Gratuito = "101",
    }
}

impl TipoDeIvap {
    /// The tax category of the line.
    pub const fn category(self) -> TaxCategory {
        match self {
            Self::Gravado => TaxCategory::Gravado,
            Self::Gratuito => TaxCategory::Gratuito,
        }
    }
}

code_table! {
    /// `tipo_de_nota_de_credito` (§9.5).
    TipoDeNotaDeCredito, "tipo_de_nota_de_credito", int {
        /// 1: anulación de la operación.
        AnulacionDeLaOperacion = 1,
        /// 2: anulación por error en el RUC.
        AnulacionPorErrorEnElRuc = 2,
        /// 3: corrección por error en la descripción.
        CorreccionPorErrorEnLaDescripcion = 3,
        /// 4: descuento global.
        DescuentoGlobal = 4,
        /// 5: descuento por ítem.
        DescuentoPorItem = 5,
        /// 6: devolución total.
        DevolucionTotal = 6,
        /// 7: devolución por ítem.
        DevolucionPorItem = 7,
        /// 8: bonificación.
        Bonificacion = 8,
        /// 9: disminución en el valor.
        DisminucionEnElValor = 9,
        /// 10: otros conceptos.
        OtrosConceptos = 10,
        /// 11: ajustes afectos al IVAP.
        AjustesIvap = 11,
        /// 12: ajustes de operaciones de exportación.
        AjustesExportacion = 12,
        /// 13: ajustes – montos y/o fechas de pago.
        AjustesMontosYFechasDePago = 13,
    }
}

code_table! {
    /// `tipo_de_nota_de_debito` (§9.6).
    TipoDeNotaDeDebito, "tipo_de_nota_de_debito", int {
        /// 1: intereses por mora.
        InteresesPorMora = 1,
        /// 2: aumento de valor.
        AumentoDeValor = 2,
        /// 3: penalidades.
        Penalidades = 3,
        /// 4: ajustes afectos al IVAP.
        AjustesIvap = 4,
        /// 5: ajustes de operaciones de exportación.
        AjustesExportacion = 5,
    }
}

code_table! {
    /// GRE `motivo_de_traslado` (§9.9).
    MotivoDeTraslado, "motivo_de_traslado", str 2 {
        /// `01`: venta.
        Venta = "01",
        /// `02`: compra.
        Compra = "02",
        /// `03`: venta con entrega a terceros.
        VentaConEntregaATerceros = "03",
        /// `04`: traslado entre establecimientos de la misma empresa.
        EntreEstablecimientos = "04",
        /// `05`: consignación.
        Consignacion = "05",
        /// `06`: devolución.
        Devolucion = "06",
        /// `07`: recojo de bienes transformados.
        RecojoDeBienesTransformados = "07",
        /// `08`: importación.
        Importacion = "08",
        /// `09`: exportación.
        Exportacion = "09",
        /// `13`: otros.
        Otros = "13",
        /// `14`: venta sujeta a confirmación del comprador.
        VentaSujetaAConfirmacion = "14",
        /// `17`: traslado de bienes para transformación (not `07`, see §16).
        TrasladoParaTransformacion = "17",
        /// `18`: traslado emisor itinerante.
        EmisorItinerante = "18",
    }
}

code_table! {
    /// GRE `tipo_de_transporte` (§9.10).
    TipoDeTransporte, "tipo_de_transporte", str 2 {
        /// `01`: transporte público.
        Publico = "01",
        /// `02`: transporte privado.
        Privado = "02",
    }
}

code_table! {
    /// GRE `peso_bruto_unidad_de_medida` (§9.10).
    PesoUnidad, "peso_bruto_unidad_de_medida", str 3 {
        /// `KGM`: kilograms.
        Kgm = "KGM",
        /// `TNE`: tonnes.
        Tne = "TNE",
    }
}

code_table! {
    /// GRE `documento_relacionado_codigo` (§9.10).
    DocumentoRelacionadoCodigo, "documento_relacionado_codigo", str 2 {
        /// `50`: declaración aduanera de mercancías (DAM).
        Dam = "50",
        /// `52`: declaración simplificada (DS).
        Ds = "52",
    }
}

code_table! {
    /// The type of a related document: GRE `documento_relacionado[].tipo` (01, 03, 09, 31)
    /// and percepción/retención `documento_relacionado_tipo` (01, 03, 07, 08).
    TipoDocumentoRelacionado, "documento_relacionado tipo", str 2 {
        /// `01`: factura.
        Factura = "01",
        /// `03`: boleta.
        Boleta = "03",
        /// `07`: nota de crédito.
        NotaDeCredito = "07",
        /// `08`: nota de débito.
        NotaDeDebito = "08",
        /// `09`: GRE remitente.
        GuiaRemitente = "09",
        /// `31`: GRE transportista.
        GuiaTransportista = "31",
    }
}

code_table! {
    /// GRE `sunat_envio_indicador` (§9.11).
    SunatEnvioIndicador, "sunat_envio_indicador", str 2 {
        /// `01`: freight paid by the sender (transportista only).
        PagadoPorRemitente = "01",
        /// `02`: freight paid by a subcontractor (transportista only).
        PagadoPorSubcontratador = "02",
        /// `03`: freight paid by a third party (transportista only).
        PagadoPorTercero = "03",
        /// `04`: returns with empty containers.
        RetornoConEnvasesVacios = "04",
        /// `05`: returns empty.
        RetornoVacio = "05",
        /// `06`: M1/L category vehicle (remitente only).
        VehiculoM1oL = "06",
    }
}

code_table! {
    /// `detraccion_tipo` (§9.7); values 6, 16, 27, 31 and 36 are unused.
    DetraccionTipo, "detraccion_tipo", int {
        Azucar = 1, Arroz = 2, AlcoholEtilico = 3, RecursosHidrobiologicos = 4, MaizAmarilloDuro = 5,
        CanaDeAzucar = 7, Madera = 8, ArenaYPiedra = 9, Residuos = 10, BienesGravados = 11,
        IntermediacionLaboral = 12, Carnes = 13, AceiteDePescado = 14, HarinaDePescado = 15,
        ArrendamientoDeBienesMuebles = 17, MantenimientoDeBienesMuebles = 18, MovimientoDeCarga = 19,
        OtrosServiciosEmpresariales = 20, Leche = 21, ComisionMercantil = 22, FabricacionPorEncargo = 23,
        TransporteDePersonas = 24, TransporteDeCarga = 25, TransporteDePasajeros = 26,
        ContratosDeConstruccion = 28, OroGravado = 29, Paprika = 30, MineralesNoAuriferos = 32,
        BienesExonerados = 33, OroExonerado = 34, DemasServiciosGravados = 35, MineralesNoMetalicos = 37,
        BienInmuebleGravado = 38, Plomo = 39, AnimalesVivos = 40, AbonosCuerosYPieles = 41, Ley30737 = 42,
        BeneficioDeMinerales = 43, MineralesDeOro = 44,
    }
}

impl DetraccionTipo {
    /// The SUNAT good/service code (catalogue 54) for the Nubefact value (§9.7).
    pub const fn sunat_code(self) -> &'static str {
        match self.code() {
            1 => "001",
            2 => "002",
            3 => "003",
            4 => "004",
            5 => "005",
            7 => "007",
            8 => "008",
            9 => "009",
            10 => "010",
            11 => "011",
            12 => "012",
            13 => "014",
            14 => "016",
            15 => "017",
            17 => "019",
            18 => "020",
            19 => "021",
            20 => "022",
            21 => "023",
            22 => "024",
            23 => "025",
            24 => "026",
            25 => "027",
            26 => "028",
            28 => "030",
            29 => "031",
            30 => "032",
            32 => "034",
            33 => "035",
            34 => "036",
            35 => "037",
            37 => "039",
            38 => "040",
            39 => "041",
            40 => "013",
            41 => "015",
            42 => "099",
            43 => "044",
            44 => "045",
            // Every variant is listed above; the enum cannot hold another code.
            _ => "",
        }
    }
}

code_table! {
    /// `medio_de_pago_detraccion` (§9.8): the values sent are 1–22, NOT the SUNAT catalogue 59
    /// codes (nubefact-python sends 101…999 for 14–22, §16).
    MedioDePagoDetraccion, "medio_de_pago_detraccion", int {
        DepositoEnCuenta = 1, Giro = 2, TransferenciaDeFondos = 3, OrdenDePago = 4, TarjetaDeDebito = 5,
        TarjetaDeCredito = 6, ChequesNoNegociables = 7, EfectivoSinObligacion = 8, EfectivoOtros = 9,
        MediosComercioExterior = 10, DocumentosEdpymes = 11, TarjetaDeCreditoNoFinanciera = 12,
        TarjetaDeCreditoDelExterior = 13, TransferenciaComercioExterior = 14, ChequeBancarioComercioExterior = 15,
        OrdenDePagoSimpleComercioExterior = 16, OrdenDePagoDocumentarioComercioExterior = 17,
        RemesaSimpleComercioExterior = 18, RemesaDocumentariaComercioExterior = 19,
        CartaDeCreditoSimpleComercioExterior = 20, CartaDeCreditoDocumentarioComercioExterior = 21, Otros = 22,
    }
}

impl MedioDePagoDetraccion {
    /// The SUNAT catalogue 59 code: `001`…`013` for 1–13, `101`…`108` for 14–21, `999` for 22.
    pub fn sunat_code(self) -> String {
        match self.code() {
            n @ 1..=13 => format!("{n:03}"),
            n @ 14..=21 => format!("{}", 87 + u16::from(n)),
            _ => "999".to_owned(),
        }
    }
}

code_table! {
    /// `percepcion_tipo` in a comprobante and `tipo_de_tasa_de_percepcion` in a percepción.
    PercepcionTipo, "percepcion_tipo", int {
        /// 1: 2 %.
        General = 1,
        /// 2: 1 % (fuel).
        Combustible = 2,
        /// 3: 0.5 % (special rate).
        Especial = 3,
    }
}

impl PercepcionTipo {
    /// The rate as a fraction (0.02, 0.01, 0.005).
    pub const fn rate(self) -> Decimal {
        match self {
            Self::General => dec!(0.02),
            Self::Combustible => dec!(0.01),
            Self::Especial => dec!(0.005),
        }
    }
}

code_table! {
    /// `retencion_tipo` in a factura and `tipo_de_tasa_de_retencion` in a retención.
    RetencionTipo, "retencion_tipo", int {
        /// 1: 3 %.
        Tasa3 = 1,
        /// 2: 6 %.
        Tasa6 = 2,
    }
}

impl RetencionTipo {
    /// The rate as a fraction (0.03, 0.06).
    pub const fn rate(self) -> Decimal {
        match self {
            Self::Tasa3 => dec!(0.03),
            Self::Tasa6 => dec!(0.06),
        }
    }
}

code_table! {
    /// `formato_de_pdf` (§9.14); GRE allows `A4` and `TICKET` only.
    FormatoDePdf, "formato_de_pdf", str 6 {
        A4 = "A4",
        A5 = "A5",
        Ticket = "TICKET",
    }
}

code_table! {
    /// `guias[].guia_tipo` in a comprobante (§4.3).
    GuiaTipo, "guia_tipo", int {
        /// 1: GRE remitente.
        Remitente = 1,
        /// 2: GRE transportista.
        Transportista = 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_codes_parse_from_letters_strings_and_integers() {
        let v: ClienteTipoDeDocumento = serde_json::from_str("6").unwrap();
        assert_eq!(v, ClienteTipoDeDocumento::Ruc);
        let v: ClienteTipoDeDocumento = serde_json::from_str("\"-\"").unwrap();
        assert_eq!(v, ClienteTipoDeDocumento::Varios);
        let v: ClienteTipoDeDocumento = serde_json::from_str("\"a\"").unwrap();
        assert_eq!(v, ClienteTipoDeDocumento::CedulaDiplomatica);
        assert_eq!(serde_json::to_string(&ClienteTipoDeDocumento::Ruc).unwrap(), "\"6\"");
        let m: MotivoDeTraslado = serde_json::from_str("1").unwrap();
        assert_eq!(m, MotivoDeTraslado::Venta);
        assert!(serde_json::from_str::<MotivoDeTraslado>("\"10\"").is_err());
    }

    #[test]
    fn integer_codes_parse_from_strings_and_serialize_as_integers() {
        let v: TipoDeIgv = serde_json::from_str("\"16\"").unwrap();
        assert_eq!(v.category(), TaxCategory::Exportacion);
        assert_eq!(v.category().total_field(), "total_inafecta");
        assert_eq!(TipoDeIgv::InafectoGratuito.category(), TaxCategory::Gratuito);
        assert_eq!(TipoDeIvap::Gravado.category().total_field(), "total_gravada");
        assert!(serde_json::from_str::<TipoDeIgv>("18").is_err());
        assert_eq!(serde_json::to_string(&SunatTransaction::Percepcion).unwrap(), "34");
    }

    #[test]
    fn detraccion_payment_means_are_1_to_22_and_map_to_sunat_codes() {
        assert_eq!(MedioDePagoDetraccion::ALL.len(), 22);
        assert_eq!(MedioDePagoDetraccion::TransferenciaComercioExterior.code(), 14);
        assert_eq!(MedioDePagoDetraccion::TransferenciaComercioExterior.sunat_code(), "101");
        assert_eq!(MedioDePagoDetraccion::CartaDeCreditoDocumentarioComercioExterior.sunat_code(), "108");
        assert_eq!(MedioDePagoDetraccion::Otros.sunat_code(), "999");
        assert_eq!(MedioDePagoDetraccion::DepositoEnCuenta.sunat_code(), "001");
        assert!(MedioDePagoDetraccion::from_code(101).is_none());
        assert_eq!(DetraccionTipo::AnimalesVivos.sunat_code(), "013");
        assert!(DetraccionTipo::from_code(6).is_none());
    }
}
