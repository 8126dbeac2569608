//! The cost of the sans-IO core per document: build (builder + calculator), validate and
//! serialize a 10-line factura, and parse a typical reply (§5 example) with `wire::parse`.
//! Target: ≤ 10 µs per document in total.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use nubefact_harness::api::model::{Comprobante, ComprobanteReply, Item};
use nubefact_harness::api::{ValidationContext, validate, wire};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use time::macros::date;

const REPLY: &[u8] = br#"{ "tipo_de_comprobante": 1, "serie": "F001", "numero": 42,
  "enlace": "https://www.nubefact.com/cpe/0f1e2d3c-aaaa-bbbb-cccc-111122223333",
  "enlace_del_pdf": "https://www.nubefact.com/cpe/0f1e2d3c-aaaa-bbbb-cccc-111122223333.pdf",
  "enlace_del_xml": "https://www.nubefact.com/cpe/0f1e2d3c-aaaa-bbbb-cccc-111122223333.xml",
  "enlace_del_cdr": "https://www.nubefact.com/cpe/0f1e2d3c-aaaa-bbbb-cccc-111122223333.cdr",
  "aceptada_por_sunat": true, "sunat_description": "La Factura numero F001-42, ha sido aceptada",
  "sunat_note": null, "sunat_responsecode": "0", "sunat_soap_error": "",
  "pdf_zip_base64": null, "xml_zip_base64": null, "cdr_zip_base64": null,
  "cadena_para_codigo_qr": "20111111111 | 01 | F001 | 000042 | 18.00 | 158.00 | 15/03/2026 | 6 | 20100000001 | 3q2+7w/Base64HashValueOf44CharactersLong000= |",
  "codigo_hash": "3q2+7w/Base64HashValueOf44CharactersLong000=" }"#;

fn ten_lines(numero: u32) -> Comprobante {
    let mut b = Comprobante::factura("F001", numero)
        .cliente_ruc("20100000001", "COMERCIAL EJEMPLO SAC", "JR. UNO 123 - LIMA")
        .fecha_de_emision(date!(2026 - 03 - 15));
    for i in 1..=10u32 {
        b = b.item(Item::gravado("NIU", "PRODUCTO DE PRUEBA", Decimal::from(i), dec!(12.345) + Decimal::from(i)));
    }
    b.build()
}

fn core(c: &mut Criterion) {
    let ctx = ValidationContext::with_today(date!(2026 - 03 - 15));
    let doc = ten_lines(1);
    c.bench_function("build_10_line_factura", |b| b.iter(|| black_box(ten_lines(black_box(7)))));
    c.bench_function("validate_10_line_factura", |b| {
        b.iter(|| black_box(validate::comprobante(black_box(&doc), &ctx)))
    });
    c.bench_function("serialize_10_line_factura", |b| b.iter(|| black_box(serde_json::to_vec(black_box(&doc)))));
    c.bench_function("parse_comprobante_reply", |b| {
        b.iter(|| black_box(wire::parse::<ComprobanteReply>(200, black_box(REPLY))))
    });
    // Baselines, to tell the machine's speed from ours: scanning the reply without
    // building anything, and decoding it without wire::parse's error scan.
    c.bench_function("baseline_scan_reply_ignored", |b| {
        b.iter(|| black_box(serde_json::from_slice::<serde::de::IgnoredAny>(black_box(REPLY)).is_ok()))
    });
    c.bench_function("decode_reply_without_error_scan", |b| {
        b.iter(|| black_box(serde_json::from_slice::<ComprobanteReply>(black_box(REPLY)).is_ok()))
    });
    c.bench_function("whole_document", |b| {
        b.iter(|| {
            let doc = ten_lines(black_box(9));
            let problems = validate::comprobante(&doc, &ctx);
            let body = serde_json::to_vec(&doc);
            let reply = wire::parse::<ComprobanteReply>(200, REPLY);
            black_box((problems, body, reply))
        })
    });
}

criterion_group!(benches, core);
criterion_main!(benches);
