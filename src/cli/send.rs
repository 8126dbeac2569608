//! `nubefact-harness send FILE.json`: validate, send one document, print the reply.
//!
//! Uses the blocking client (one request needs no runtime) with the safe retry policy,
//! so a lost `generar_*` answer is recovered by a query, never by a blind resend.

use std::path::Path;

use anyhow::Context;
use serde::Serialize;

use super::validate::{read_json, request_error_line};
use super::{EndpointArgs, Exit};
use crate::api::ValidationContext;
use crate::api::model::AnyRequest;
use crate::client::{ClientError, Sent, blocking};

/// Sends `file` to the endpoint the flags name.
///
/// # Errors
/// The file cannot be read or is not JSON, or the endpoint flags are unusable (exit 2).
pub fn run(file: &Path, endpoint: &EndpointArgs, no_validate: bool) -> anyhow::Result<Exit> {
    let request = match AnyRequest::from_value(read_json(file)?) {
        Ok(request) => request,
        Err(e) => {
            eprintln!("{}: not sent: {}", file.display(), request_error_line(&e));
            return Ok(Exit::CheckFailed);
        }
    };
    if !no_validate {
        let problems = request.validate(&ValidationContext::default());
        if !problems.is_empty() {
            for problem in &problems {
                eprintln!("{problem}");
            }
            eprintln!(
                "{}: not sent: {} validation problem(s); --no-validate sends anyway",
                file.display(),
                problems.len()
            );
            return Ok(Exit::CheckFailed);
        }
    }
    let config = endpoint.client_config()?;
    eprintln!("sending {} {} to {}", request.operation(), request.key(), config.endpoint);
    let client = blocking::Client::new(config).context("cannot build the HTTP client")?;
    match send_any(&client, &request) {
        Ok(Reply { json, attempts, recovered }) => {
            println!("{json}");
            eprintln!("ok after {attempts} request(s){}", if recovered { ", recovered by a query" } else { "" });
            Ok(Exit::Ok)
        }
        Err(e) => {
            let exit = match e.code() {
                Some(code) => {
                    eprintln!("nubefact error codigo {code}: {e}");
                    Exit::CheckFailed
                }
                None if e.transport_kind().is_some() => {
                    eprintln!("transport error: {e}");
                    Exit::CannotRun
                }
                None => {
                    eprintln!("error: {e}");
                    Exit::CheckFailed
                }
            };
            Ok(exit)
        }
    }
}

struct Reply {
    json: String,
    attempts: u32,
    recovered: bool,
}

fn reply<T: Serialize>(sent: Sent<T>) -> Result<Reply, ClientError> {
    // The crate's reply types serialize infallibly; an empty object would only hide a bug.
    let json = serde_json::to_string_pretty(&sent.reply).unwrap_or_else(|_| "{}".into());
    Ok(Reply { json, attempts: sent.attempts, recovered: sent.recovered })
}

fn send_any(client: &blocking::Client, request: &AnyRequest) -> Result<Reply, ClientError> {
    match request {
        AnyRequest::GenerarComprobante(r) => reply(client.send(r)?),
        AnyRequest::ConsultarComprobante(r) => reply(client.send(r)?),
        AnyRequest::GenerarAnulacion(r) => reply(client.send(r)?),
        AnyRequest::ConsultarAnulacion(r) => reply(client.send(r)?),
        AnyRequest::GenerarGuia(r) => reply(client.send(r)?),
        AnyRequest::ConsultarGuia(r) => reply(client.send(r)?),
        AnyRequest::GenerarPercepcion(r) => reply(client.send(r)?),
        AnyRequest::ConsultarPercepcion(r) => reply(client.send(r)?),
        AnyRequest::GenerarReversionPercepcion(r) => reply(client.send(r)?),
        AnyRequest::ConsultarReversionPercepcion(r) => reply(client.send(r)?),
        AnyRequest::GenerarRetencion(r) => reply(client.send(r)?),
        AnyRequest::ConsultarRetencion(r) => reply(client.send(r)?),
        AnyRequest::GenerarReversionRetencion(r) => reply(client.send(r)?),
        AnyRequest::ConsultarReversionRetencion(r) => reply(client.send(r)?),
    }
}
