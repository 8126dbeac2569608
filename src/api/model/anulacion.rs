//! `generar_anulacion` / `consultar_anulacion` (§6): voiding a comprobante.
//!
//! Owns the two requests and their common reply. Must not validate nor do I/O.

use serde::{Deserialize, Serialize};

use super::{Operacion, lenient};
use crate::api::key::{DocumentKey, TipoDeComprobante};
use crate::api::operation::Operation;
use crate::api::request::ApiRequest;

/// `generar_anulacion` (§6): voids a comprobante (comunicación de baja).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Anulacion {
    /// Always [`Operation::GenerarAnulacion`].
    pub operacion: Operacion<2>,
    /// 1–4 (a GRE cannot be voided through the API).
    pub tipo_de_comprobante: TipoDeComprobante,
    /// `serie`.
    #[serde(with = "lenient::string")]
    pub serie: String,
    /// `numero`.
    #[serde(with = "lenient::req_u32")]
    pub numero: u32,
    /// ≤100, e.g. "ERROR DEL SISTEMA".
    #[serde(with = "lenient::string")]
    pub motivo: String,
    /// ≤250.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub codigo_unico: Option<String>,
}

/// `consultar_anulacion` (§6).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsultarAnulacion {
    /// Always [`Operation::ConsultarAnulacion`].
    pub operacion: Operacion<3>,
    /// `tipo_de_comprobante`.
    pub tipo_de_comprobante: TipoDeComprobante,
    /// `serie`.
    #[serde(with = "lenient::string")]
    pub serie: String,
    /// `numero`.
    #[serde(with = "lenient::req_u32")]
    pub numero: u32,
}

/// The answer to both anulación operations (§6), parsed leniently.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AnulacionReply {
    /// The voided document's number.
    #[serde(with = "lenient::opt_u32", skip_serializing_if = "Option::is_none")]
    pub numero: Option<u32>,
    /// `enlace`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub enlace: Option<String>,
    /// `sunat_ticket_numero`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub sunat_ticket_numero: Option<String>,
    /// `false` right after generation.
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
    /// `xml_zip_base64`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub xml_zip_base64: Option<String>,
    /// `pdf_zip_base64`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub pdf_zip_base64: Option<String>,
    /// `cdr_zip_base64`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub cdr_zip_base64: Option<String>,
    /// `enlace_del_pdf`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub enlace_del_pdf: Option<String>,
    /// `enlace_del_xml`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub enlace_del_xml: Option<String>,
    /// `enlace_del_cdr`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub enlace_del_cdr: Option<String>,
}

impl Anulacion {
    /// Voids the document `key` (a factura, boleta or note) for `motivo`.
    pub fn new(key: &DocumentKey, motivo: impl Into<String>) -> Self {
        Anulacion {
            tipo_de_comprobante: key.tipo.unwrap_or_default(),
            serie: key.serie.clone(),
            numero: key.numero,
            motivo: motivo.into(),
            ..Default::default()
        }
    }

    /// Sets `codigo_unico`.
    pub fn codigo_unico(mut self, codigo: impl Into<String>) -> Self {
        self.codigo_unico = Some(codigo.into());
        self
    }
}

impl ConsultarAnulacion {
    /// The status query of the void of `key`.
    pub fn new(key: &DocumentKey) -> Self {
        ConsultarAnulacion {
            tipo_de_comprobante: key.tipo.unwrap_or_default(),
            serie: key.serie.clone(),
            numero: key.numero,
            ..Default::default()
        }
    }
}

impl ApiRequest for Anulacion {
    type Reply = AnulacionReply;
    fn operation(&self) -> Operation {
        Operation::GenerarAnulacion
    }
    fn key(&self) -> DocumentKey {
        DocumentKey::comprobante(self.tipo_de_comprobante, self.serie.clone(), self.numero)
    }
}

impl ApiRequest for ConsultarAnulacion {
    type Reply = AnulacionReply;
    fn operation(&self) -> Operation {
        Operation::ConsultarAnulacion
    }
    fn key(&self) -> DocumentKey {
        DocumentKey::comprobante(self.tipo_de_comprobante, self.serie.clone(), self.numero)
    }
}
