//! Engine tests: every SUNAT lifecycle transition of §13.1, injected outcomes, faults and pauses.
mod common;

use std::time::Duration;

use common::*;
use nubefact_mock::config::{MockConfig, SunatOutcome, SunatRule};
use nubefact_mock::engine::{Cut, Engine};
use nubefact_mock::spec::FaultSpec;

fn engine_with(edit: impl FnOnce(&mut MockConfig)) -> Engine {
    let mut cfg = MockConfig::default();
    cfg.sunat.boleta_delay = Duration::from_secs(10);
    cfg.sunat.anulacion_delay = Duration::from_secs(5);
    cfg.sunat.guia_delay = Duration::from_secs(3);
    edit(&mut cfg);
    Engine::new(&cfg)
}

#[test]
fn a_factura_is_accepted_in_the_emission_response() {
    let e = engine_with(|_| {});
    let b = body(&post(&e, &today_fixture(&e, "factura_4_6")));
    assert_eq!(b["aceptada_por_sunat"], true);
    let q = body(&post(&e, &query("consultar_comprobante", Some(1), "F001", 42)));
    assert_eq!(q["aceptada_por_sunat"], true);
    assert_eq!(q["anulado"], false);
}

#[test]
fn a_boleta_stays_pending_until_the_delay_and_is_then_accepted() {
    let e = engine_with(|_| {});
    let b = body(&post(&e, &today_fixture(&e, "boleta_strings")));
    assert_eq!(b["aceptada_por_sunat"], false);
    assert!(b["sunat_responsecode"].is_null());
    assert_eq!(b["enlace_del_cdr"], "", "no CDR before SUNAT answers");
    assert_eq!(b["codigo_hash"].as_str().map(str::len), Some(44), "hash present while pending");
    let q = query("consultar_comprobante", Some(2), "B001", 1);
    assert_eq!(body(&post(&e, &q))["aceptada_por_sunat"], false);
    e.advance_clock(Duration::from_secs(11));
    let later = body(&post(&e, &q));
    assert_eq!(later["aceptada_por_sunat"], true);
    assert_eq!(later["sunat_responsecode"], "0");
    assert_eq!(later["sunat_description"], "La Boleta numero B001-1, ha sido aceptada");
}

#[test]
fn an_anulacion_returns_a_ticket_is_accepted_later_and_then_the_document_reads_anulado() {
    let e = engine_with(|_| {});
    post(&e, &today_fixture(&e, "factura_4_6"));
    let mut void = query("generar_anulacion", Some(1), "F001", 42);
    void["motivo"] = "ERROR DEL SISTEMA".into();
    let r = body(&post(&e, &void));
    assert_eq!(r["numero"], 42);
    assert_eq!(r["aceptada_por_sunat"], false);
    assert!(r["sunat_ticket_numero"].as_str().is_some_and(|t| t.bytes().all(|b| b.is_ascii_digit())));
    assert!(r["enlace"].as_str().unwrap().starts_with("https://www.nubefact.com/anulacion/"));
    let cq = query("consultar_comprobante", Some(1), "F001", 42);
    assert_eq!(body(&post(&e, &cq))["anulado"], false, "not voided until SUNAT accepts the baja");
    let aq = query("consultar_anulacion", Some(1), "F001", 42);
    assert_eq!(body(&post(&e, &aq))["aceptada_por_sunat"], false);
    e.advance_clock(Duration::from_secs(6));
    assert_eq!(body(&post(&e, &aq))["aceptada_por_sunat"], true);
    assert_eq!(body(&post(&e, &cq))["anulado"], true);
    // Voiding again returns the existing anulación.
    let again = body(&post(&e, &void));
    assert_eq!(again["sunat_ticket_numero"], r["sunat_ticket_numero"]);
    assert_eq!(again["aceptada_por_sunat"], true);
}

#[test]
fn a_gre_is_pending_until_a_later_consultar_guia() {
    let e = engine_with(|_| {});
    let g = body(&post(&e, &today_fixture(&e, "guia_remitente")));
    assert!(g["nota_importante"].as_str().is_some());
    assert_eq!(g["aceptada_por_sunat"], false);
    assert_eq!(g["enlace"], "");
    let q = query("consultar_guia", Some(7), "TTT1", 1);
    let early = body(&post(&e, &q));
    assert_eq!(early["aceptada_por_sunat"], false);
    assert!(early.get("nota_importante").is_none());
    e.advance_clock(Duration::from_secs(4));
    let later = body(&post(&e, &q));
    assert_eq!(later["aceptada_por_sunat"], true);
    assert!(later["enlace"].as_str().unwrap().starts_with("https://www.nubefact.com/guia/"));
    assert!(later["cadena_para_codigo_qr"].as_str().unwrap().starts_with("https://e-factura.sunat.gob.pe/"));
}

#[test]
fn percepcion_and_retencion_are_accepted_synchronously_and_can_be_reverted() {
    let e = engine_with(|_| {});
    assert_eq!(body(&post(&e, &today_fixture(&e, "percepcion")))["aceptada_por_sunat"], true);
    assert_eq!(body(&post(&e, &query("consultar_percepcion", None, "PPP1", 1)))["aceptada_por_sunat"], true);
    assert_eq!(body(&post(&e, &today_fixture(&e, "retencion")))["aceptada_por_sunat"], true);
    let mut rev = query("generar_reversion_retencion", None, "RRR1", 1);
    rev["motivo"] = "ERROR".into();
    assert_eq!(post(&e, &rev).status, 200);
    e.advance_clock(Duration::from_secs(6));
    assert_eq!(body(&post(&e, &query("consultar_reversion_retencion", None, "RRR1", 1)))["aceptada_por_sunat"], true);
    assert_error(&post(&e, &query("consultar_reversion_percepcion", None, "PPP1", 1)), 400, 24, "PPP1-1");
}

#[test]
fn rules_by_serie_and_numero_inject_rejections_observations_and_soap_errors() {
    let e = engine_with(|c| {
        c.sunat.rules = vec![
            SunatRule { serie: Some("F001".into()), numero: Some(1), outcome: SunatOutcome::Rejected },
            SunatRule { serie: Some("F001".into()), numero: Some(2), outcome: SunatOutcome::Observed },
            SunatRule { serie: None, numero: Some(3), outcome: SunatOutcome::SoapError },
        ]
    });
    let issue = |n: u32| {
        let mut v = today_fixture(&e, "factura_4_6");
        v["numero"] = n.into();
        v["codigo_unico"] = "".into();
        body(&post(&e, &v))
    };
    let rejected = issue(1);
    assert_eq!(rejected["aceptada_por_sunat"], false);
    assert_eq!(rejected["sunat_responsecode"], "2800");
    let observed = issue(2);
    assert_eq!(observed["aceptada_por_sunat"], true);
    assert!(observed["sunat_responsecode"].as_str().unwrap().starts_with('4'));
    assert!(observed["sunat_note"].is_string());
    let soap = issue(3);
    assert_eq!(soap["aceptada_por_sunat"], false);
    assert!(!soap["sunat_soap_error"].as_str().unwrap().is_empty());
    assert_eq!(issue(4)["aceptada_por_sunat"], true);
}

#[test]
fn a_seeded_rejection_probability_gives_the_same_documents_the_same_outcome() {
    let outcomes = |seed: u64| {
        let e = engine_with(|c| {
            c.seed = seed;
            c.sunat.reject_rate = 0.5;
        });
        (1..=40u32)
            .map(|n| {
                let mut v = today_fixture(&e, "factura_4_6");
                v["numero"] = n.into();
                v["codigo_unico"] = "".into();
                body(&post(&e, &v))["aceptada_por_sunat"] == true
            })
            .collect::<Vec<_>>()
    };
    let a = outcomes(7);
    assert_eq!(a, outcomes(7));
    let accepted = a.iter().filter(|x| **x).count();
    assert!((5..=35).contains(&accepted), "about half accepted, got {accepted}");
}

fn fault_sequence(seed: u64, spec: &str) -> Vec<(u16, Option<Cut>)> {
    let e = engine_with(|c| {
        c.seed = seed;
        c.faults = spec.parse::<FaultSpec>().unwrap();
    });
    (0..200)
        .map(|n| {
            let r = post(&e, &query("consultar_comprobante", Some(1), "F001", n + 1));
            (r.status, r.cut)
        })
        .collect()
}

#[test]
fn the_same_seed_gives_the_same_fault_sequence() {
    let spec = "error500=0.1,reset=0.1,hang=0.05";
    let a = fault_sequence(42, spec);
    assert_eq!(a, fault_sequence(42, spec));
    assert_ne!(a, fault_sequence(43, spec));
    assert!(a.iter().any(|(s, _)| *s == 500));
    assert!(a.iter().any(|(_, c)| *c == Some(Cut::Reset)));
}

#[test]
fn error500_at_rate_one_fails_every_request_with_500_40_and_every_n_hits_each_nth() {
    for (s, c) in fault_sequence(1, "error500=1") {
        assert_eq!((s, c), (500, None));
    }
    let seq = fault_sequence(1, "reset=every:10");
    for (i, (_, cut)) in seq.iter().enumerate() {
        assert_eq!(cut.is_some(), (i + 1) % 10 == 0, "request {}", i + 1);
    }
}

#[test]
fn a_fault_restricted_to_an_operation_spares_the_others() {
    let e = engine_with(|c| c.faults = "error500[generar_comprobante]=1".parse().unwrap());
    assert_eq!(post(&e, &query("consultar_comprobante", Some(1), "F001", 1)).status, 400);
    assert_error(&post(&e, &today_fixture(&e, "factura_4_6")), 500, 40, "");
    let stats = e.stats();
    assert_eq!(stats.operations["generar_comprobante"].faults["error500"], 1);
    assert!(stats.operations["consultar_comprobante"].faults.is_empty());
}

#[test]
fn a_committed_then_dropped_emission_leaves_the_document_queryable() {
    let e = engine_with(|c| c.faults = "drop-after-commit[generar_comprobante]=1".parse().unwrap());
    let r = post(&e, &today_fixture(&e, "factura_4_6"));
    assert_eq!(r.cut, Some(Cut::AfterCommit));
    assert!(r.body.is_empty());
    let q = body(&post(&e, &query("consultar_comprobante", Some(1), "F001", 42)));
    assert_eq!(q["aceptada_por_sunat"], true, "the recovery query adopts the stored document");
    let s = e.stats();
    assert_eq!(s.operations["generar_comprobante"].documents_stored, 1);
    assert_eq!(s.operations["generar_comprobante"].faults["drop-after-commit"], 1);
    assert!(s.operations["generar_comprobante"].outcomes.is_empty(), "no reply was sent");
}

#[test]
fn a_reset_or_hang_does_not_execute_the_request() {
    let e =
        engine_with(|c| c.faults = "reset[generar_comprobante]=every:2,hang[generar_comprobante]=1".parse().unwrap());
    let first = post(&e, &today_fixture(&e, "factura_4_6"));
    assert_eq!(first.cut, Some(Cut::Hang));
    assert!(first.delay >= Duration::from_secs(120));
    assert_eq!(post(&e, &today_fixture(&e, "factura_4_6")).cut, Some(Cut::Reset));
    assert_eq!(e.stats().documents, 0);
}

#[test]
fn a_pause_delays_every_reply_due_inside_it() {
    let e = engine_with(|c| c.faults = "pause:2s@10s".parse().unwrap());
    let q = query("consultar_comprobante", Some(1), "F001", 1);
    assert_eq!(post(&e, &q).delay, Duration::ZERO, "before the pause");
    e.advance_clock(Duration::from_millis(10_500));
    let d = post(&e, &q).delay;
    assert!(d > Duration::ZERO && d <= Duration::from_millis(1_500), "held until the pause ends: {d:?}");
    e.advance_clock(Duration::from_secs(2));
    assert_eq!(post(&e, &q).delay, Duration::ZERO, "after the pause");
    assert_eq!(e.stats().paused_requests, 1);
}

#[test]
fn latency_specs_apply_per_operation_with_a_general_fallback() {
    let e = engine_with(|c| {
        c.latency = vec!["fixed:7ms".parse().unwrap(), "consultar_comprobante=fixed:3ms".parse().unwrap()]
    });
    assert_eq!(post(&e, &query("consultar_comprobante", Some(1), "F001", 1)).delay, Duration::from_millis(3));
    assert_eq!(post(&e, &query("consultar_guia", Some(7), "TTT1", 1)).delay, Duration::from_millis(7));
}

#[test]
fn stats_count_requests_outcomes_and_documents_per_operation_and_reset_clears_them() {
    let e = engine_with(|_| {});
    post(&e, &today_fixture(&e, "factura_4_6"));
    post(&e, &today_fixture(&e, "factura_4_6"));
    post(&e, &query("consultar_comprobante", Some(1), "F001", 42));
    let s = e.stats();
    let g = &s.operations["generar_comprobante"];
    assert_eq!((g.requests, g.documents_stored), (2, 1));
    assert_eq!(g.outcomes["ok"], 1);
    assert_eq!(g.outcomes["codigo_23"], 1);
    assert_eq!(s.operations["consultar_comprobante"].outcomes["ok"], 1);
    assert_eq!(s.documents, 1);
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["front"], "wiremock");
    e.reset();
    let s = e.stats();
    assert_eq!((s.documents, s.requests()), (0, 0));
}

#[test]
fn an_evicted_document_answers_24() {
    let e = engine_with(|c| c.max_documents = Some(2));
    for n in 1..=3u32 {
        let mut v = today_fixture(&e, "factura_4_6");
        v["numero"] = n.into();
        v["codigo_unico"] = "".into();
        assert_eq!(post(&e, &v).status, 200);
    }
    assert_error(&post(&e, &query("consultar_comprobante", Some(1), "F001", 1)), 400, 24, "F001-1");
    assert_eq!(post(&e, &query("consultar_comprobante", Some(1), "F001", 3)).status, 200);
    assert_eq!(e.stats().documents_evicted, 1);
}
