//! The example wire documents shipped in `examples/documents/` (used by the CLI's
//! `validate`): every good one parses and validates, the broken one reports each of its
//! deliberate problems.

use std::path::PathBuf;

use nubefact_harness::api::validate::Rule;
use nubefact_harness::api::{AnyRequest, Operation, ValidationContext};

fn read(name: &str) -> AnyRequest {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/documents").join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    AnyRequest::from_json(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_good_example_document_parses_and_validates() {
    let ctx = ValidationContext::default();
    for (name, op) in [
        ("factura.json", Operation::GenerarComprobante),
        ("boleta.json", Operation::GenerarComprobante),
        ("nota-de-credito.json", Operation::GenerarComprobante),
        ("anulacion.json", Operation::GenerarAnulacion),
        ("guia-remitente.json", Operation::GenerarGuia),
        ("percepcion.json", Operation::GenerarPercepcion),
        ("retencion.json", Operation::GenerarRetencion),
        ("consultar-comprobante.json", Operation::ConsultarComprobante),
    ] {
        let doc = read(name);
        assert_eq!(doc.operation(), op, "{name}");
        let problems = doc.validate(&ctx);
        assert!(problems.is_empty(), "{name}: {problems:#?}");
    }
}

#[test]
fn the_broken_factura_reports_each_deliberate_problem() {
    let problems = read("factura-invalida.json").validate(&ValidationContext::default());
    let got: Vec<(&str, Rule)> = problems.iter().map(|e| (e.path.as_str(), e.rule)).collect();
    for want in [
        ("serie", Rule::Serie),
        ("cliente_denominacion", Rule::Required),
        ("fecha_de_emision", Rule::Date),
        ("items[0].igv", Rule::Amount),
        ("items[1].tipo_de_igv", Rule::Required),
        ("total", Rule::Amount),
    ] {
        assert!(got.contains(&want), "{want:?} missing from {got:#?}");
    }
}
