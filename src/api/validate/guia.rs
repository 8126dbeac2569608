//! Checks of a `generar_guia` (§7.1): required fields by tipo 7/8 and transport mode,
//! codes allowed per tipo, and the sub-arrays.

use rust_decimal::Decimal;

use super::{Check, FieldError, Path, Rule, ValidationContext};
use crate::api::key::TipoDeComprobante as T;
use crate::api::model::Guia;
use crate::api::model::codes::{
    ClienteTipoDeDocumento as Doc, FormatoDePdf, MotivoDeTraslado as M, SunatEnvioIndicador as Ind, TipoDeTransporte,
    TipoDocumentoRelacionado as Rel,
};

/// The identity document types the GRE manual lists (6, 1, 4, 7, A, 0).
fn gre_doc_ok(t: Doc) -> bool {
    matches!(
        t,
        Doc::Ruc | Doc::Dni | Doc::CarneDeExtranjeria | Doc::Pasaporte | Doc::CedulaDiplomatica | Doc::NoDomiciliado
    )
}

fn gre_doc<'p>(c: &mut Check<'_>, path: impl Into<Path<'p>>, value: Option<Doc>, required: bool) {
    let path: Path<'p> = path.into();
    match value {
        None if required => c.push(path, Rule::Required, format!("{path} is required")),
        Some(t) if !gre_doc_ok(t) => {
            c.push(path, Rule::Enum, format!("{path} {:?} must be 6, 1, 4, 7, A or 0", t.code()))
        }
        _ => {}
    }
}

/// A plate: 6–8 letters/digits, no hyphens, not all zeros.
fn placa<'p>(c: &mut Check<'_>, path: impl Into<Path<'p>>, value: Option<&str>, required: bool) {
    let path: Path<'p> = path.into();
    match value {
        None | Some("") if required => c.push(path, Rule::Required, format!("{path} is required")),
        None | Some("") => {}
        Some(p) => {
            let shape = (6..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric());
            if !shape || p.bytes().all(|b| b == b'0') {
                c.push(
                    path,
                    Rule::Format,
                    format!("{path} {p:?} must be 6–8 letters or digits, no hyphens, not all zeros"),
                );
            }
        }
    }
}

/// Validates a GRE remitente (7) or transportista (8): every problem at once.
pub fn guia(doc: &Guia, ctx: &ValidationContext) -> Vec<FieldError> {
    let mut c = Check::new(ctx);
    let tipo = doc.tipo_de_comprobante;
    let remitente = tipo == T::GuiaRemitente;
    match tipo {
        T::GuiaRemitente => c.serie("serie", &doc.serie, &['T'], "a GRE remitente"),
        T::GuiaTransportista => c.serie("serie", &doc.serie, &['V'], "a GRE transportista"),
        other => c.push(
            "tipo_de_comprobante",
            Rule::Enum,
            format!("tipo_de_comprobante must be 7 or 8, not {}", other.code()),
        ),
    }
    c.numero("numero", doc.numero);
    gre_doc(&mut c, "cliente_tipo_de_documento", doc.cliente_tipo_de_documento, true);
    c.text("cliente_numero_de_documento", doc.cliente_numero_de_documento.as_deref(), 1, 15);
    c.text("cliente_denominacion", doc.cliente_denominacion.as_deref(), 1, 100);
    c.text("cliente_direccion", doc.cliente_direccion.as_deref(), 1, 100);
    c.email("cliente_email", doc.cliente_email.as_deref());
    c.email("cliente_email_1", doc.cliente_email_1.as_deref());
    c.email("cliente_email_2", doc.cliente_email_2.as_deref());
    let emision = c.date("fecha_de_emision", doc.fecha_de_emision.as_deref(), true);
    if let (Some(e), Some(today)) = (emision, ctx.today)
        && e != today
        && today.previous_day() != Some(e)
    {
        c.push("fecha_de_emision", Rule::Today, format!("fecha_de_emision {e} must be today ({today}) or yesterday"));
    }
    c.date("fecha_de_inicio_de_traslado", doc.fecha_de_inicio_de_traslado.as_deref(), true);
    c.opt_text("observaciones", doc.observaciones.as_deref(), 1000);

    match c.present("peso_bruto_total", doc.peso_bruto_total) {
        Some(p) if p <= Decimal::ZERO => {
            c.push("peso_bruto_total", Rule::Format, format!("peso_bruto_total {p} must be greater than 0"))
        }
        _ => {}
    }
    c.scale("peso_bruto_total", doc.peso_bruto_total, 10);
    c.present("peso_bruto_unidad_de_medida", doc.peso_bruto_unidad_de_medida);
    placa(&mut c, "transportista_placa_numero", doc.transportista_placa_numero.as_deref(), true);
    c.opt_text("mtc", doc.mtc.as_deref(), 20);

    if remitente {
        let motivo = c.present("motivo_de_traslado", doc.motivo_de_traslado);
        if motivo == Some(M::Otros) {
            c.text("motivo_de_traslado_otros_descripcion", doc.motivo_de_traslado_otros_descripcion.as_deref(), 1, 70);
        }
        if matches!(motivo, Some(M::Importacion | M::Exportacion)) {
            c.present("documento_relacionado_codigo", doc.documento_relacionado_codigo);
            for (i, item) in doc.items.iter().enumerate() {
                c.text(&format!("items[{i}].codigo_dam"), item.codigo_dam.as_deref(), 1, 23);
            }
        }
        if matches!(motivo, Some(M::EntreEstablecimientos | M::EmisorItinerante)) {
            c.text(
                "punto_de_partida_codigo_establecimiento_sunat",
                doc.punto_de_partida_codigo_establecimiento_sunat.as_deref(),
                4,
                4,
            );
            c.text(
                "punto_de_llegada_codigo_establecimiento_sunat",
                doc.punto_de_llegada_codigo_establecimiento_sunat.as_deref(),
                4,
                4,
            );
        }
        match c.present("numero_de_bultos", doc.numero_de_bultos) {
            Some(n) if n > 999_999 => {
                c.push("numero_de_bultos", Rule::Format, "numero_de_bultos has more than 6 digits")
            }
            _ => {}
        }
        match c.present("tipo_de_transporte", doc.tipo_de_transporte) {
            Some(TipoDeTransporte::Publico) => {
                match c.present("transportista_documento_tipo", doc.transportista_documento_tipo) {
                    Some(Doc::Ruc) | None => {}
                    Some(t) => c.push(
                        "transportista_documento_tipo",
                        Rule::Enum,
                        format!("transportista_documento_tipo must be 6 (RUC), not {:?}", t.code()),
                    ),
                }
                c.text("transportista_documento_numero", doc.transportista_documento_numero.as_deref(), 11, 11);
                c.text("transportista_denominacion", doc.transportista_denominacion.as_deref(), 1, 100);
            }
            Some(TipoDeTransporte::Privado) => conductor(&mut c, doc),
            None => {}
        }
    } else {
        conductor(&mut c, doc);
        gre_doc(&mut c, "destinatario_documento_tipo", doc.destinatario_documento_tipo, true);
        c.text("destinatario_documento_numero", doc.destinatario_documento_numero.as_deref(), 1, 15);
        c.text("destinatario_denominacion", doc.destinatario_denominacion.as_deref(), 1, 100);
        if let Some(t) = doc.tuc_vehiculo_principal.as_deref()
            && (!(10..=15).contains(&t.len()) || !t.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
        {
            c.push(
                "tuc_vehiculo_principal",
                Rule::Format,
                "tuc_vehiculo_principal must be 10–15 uppercase letters or digits",
            );
        }
        if doc.motivo_de_traslado.is_some() {
            c.push("motivo_de_traslado", Rule::Conditional, "motivo_de_traslado belongs to a GRE remitente (7)");
        }
    }

    // Indicator codes differ per tipo (§9.11), and 02/03 bring their party.
    if let Some(ind) = doc.sunat_envio_indicador {
        let allowed = match ind {
            Ind::PagadoPorRemitente | Ind::PagadoPorSubcontratador | Ind::PagadoPorTercero => !remitente,
            Ind::VehiculoM1oL => remitente,
            _ => true,
        };
        if !allowed {
            c.push(
                "sunat_envio_indicador",
                Rule::Enum,
                format!("sunat_envio_indicador {} is not allowed for this GRE type", ind.code()),
            );
        }
        if ind == Ind::PagadoPorSubcontratador {
            match c.present("subcontratador_documento_tipo", doc.subcontratador_documento_tipo) {
                Some(Doc::Ruc) | None => {}
                Some(_) => {
                    c.push("subcontratador_documento_tipo", Rule::Enum, "subcontratador_documento_tipo must be 6 (RUC)")
                }
            }
            c.text("subcontratador_documento_numero", doc.subcontratador_documento_numero.as_deref(), 11, 11);
            c.text("subcontratador_denominacion", doc.subcontratador_denominacion.as_deref(), 1, 250);
        }
        if ind == Ind::PagadoPorTercero {
            gre_doc(
                &mut c,
                "pagador_servicio_documento_tipo_identidad",
                doc.pagador_servicio_documento_tipo_identidad,
                true,
            );
            c.text(
                "pagador_servicio_documento_numero_identidad",
                doc.pagador_servicio_documento_numero_identidad.as_deref(),
                1,
                15,
            );
            c.text("pagador_servicio_denominacion", doc.pagador_servicio_denominacion.as_deref(), 1, 250);
        }
    }

    for (side, ubigeo, direccion) in [
        ("partida", &doc.punto_de_partida_ubigeo, &doc.punto_de_partida_direccion),
        ("llegada", &doc.punto_de_llegada_ubigeo, &doc.punto_de_llegada_direccion),
    ] {
        let up = format!("punto_de_{side}_ubigeo");
        c.text(&up, ubigeo.as_deref(), 1, 6);
        if let Some(u) = ubigeo.as_deref() {
            c.digits(&up, u, 1, 6);
        }
        c.text(&format!("punto_de_{side}_direccion"), direccion.as_deref(), 1, 150);
    }
    if doc.formato_de_pdf == Some(FormatoDePdf::A5) {
        c.push("formato_de_pdf", Rule::Enum, "formato_de_pdf must be A4 or TICKET for a GRE");
    }

    if doc.items.is_empty() {
        c.push("items", Rule::Count, "items must have at least one line");
    }
    for (i, item) in doc.items.iter().enumerate() {
        let p = |f: &'static str| Path::Indexed("items", i, f);
        c.text(p("unidad_de_medida"), Some(&item.unidad_de_medida), 2, 5);
        c.text(p("descripcion"), Some(&item.descripcion), 1, 250);
        c.opt_text(p("codigo"), item.codigo.as_deref(), 250);
        if item.cantidad <= Decimal::ZERO {
            c.push(p("cantidad"), Rule::Format, format!("{} must be greater than 0", p("cantidad")));
        }
    }
    for (i, d) in doc.documento_relacionado.iter().enumerate() {
        let p = |f: &'static str| Path::Indexed("documento_relacionado", i, f);
        match c.present(p("tipo"), d.tipo) {
            Some(Rel::Factura | Rel::Boleta | Rel::GuiaRemitente | Rel::GuiaTransportista) | None => {}
            Some(t) => c.push(p("tipo"), Rule::Enum, format!("{} {} must be 01, 03, 09 or 31", p("tipo"), t.code())),
        }
        c.text(p("serie"), Some(&d.serie), 4, 4);
        c.numero(p("numero"), d.numero);
    }
    if doc.vehiculos_secundarios.len() > 2 {
        c.push("vehiculos_secundarios", Rule::Count, "vehiculos_secundarios has more than 2 entries");
    }
    for (i, v) in doc.vehiculos_secundarios.iter().enumerate() {
        placa(&mut c, &format!("vehiculos_secundarios[{i}].placa_numero"), Some(&v.placa_numero), true);
    }
    if doc.conductores_secundarios.len() > 2 {
        c.push("conductores_secundarios", Rule::Count, "conductores_secundarios has more than 2 entries");
    }
    for (i, d) in doc.conductores_secundarios.iter().enumerate() {
        let p = |f: &'static str| Path::Indexed("conductores_secundarios", i, f);
        gre_doc(&mut c, p("documento_tipo"), d.documento_tipo, true);
        c.text(p("documento_numero"), d.documento_numero.as_deref(), 1, 15);
        c.text(p("nombre"), d.nombre.as_deref(), 1, 250);
        c.text(p("apellidos"), d.apellidos.as_deref(), 1, 250);
        c.text(p("numero_licencia"), d.numero_licencia.as_deref(), 9, 10);
    }
    c.errors
}

/// The main driver (required in 8 and in 7 with private transport).
fn conductor(c: &mut Check<'_>, doc: &Guia) {
    match c.present("conductor_documento_tipo", doc.conductor_documento_tipo) {
        Some(t)
            if !matches!(
                t,
                Doc::Dni | Doc::CarneDeExtranjeria | Doc::Pasaporte | Doc::CedulaDiplomatica | Doc::NoDomiciliado
            ) =>
        {
            c.push(
                "conductor_documento_tipo",
                Rule::Enum,
                format!("conductor_documento_tipo {:?} must be 1, 4, 7, A or 0", t.code()),
            )
        }
        _ => {}
    }
    c.text("conductor_documento_numero", doc.conductor_documento_numero.as_deref(), 1, 15);
    c.opt_text("conductor_denominacion", doc.conductor_denominacion.as_deref(), 100);
    c.text("conductor_nombre", doc.conductor_nombre.as_deref(), 1, 250);
    c.text("conductor_apellidos", doc.conductor_apellidos.as_deref(), 1, 250);
    c.text("conductor_numero_licencia", doc.conductor_numero_licencia.as_deref(), 9, 10);
}
