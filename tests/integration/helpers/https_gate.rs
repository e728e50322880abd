//! `HttpsGate`: a test HTTPS endpoint on 127.0.0.1 (a self-signed certificate for
//! `localhost`) forwarding each connection byte for byte to a plain-HTTP target.

use openssl::asn1::Asn1Time;
use openssl::bn::{BigNum, MsbOption};
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::PKey;
use openssl::x509::extension::{
    BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAlternativeName,
};
use openssl::x509::{X509, X509NameBuilder};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use tokio::net::{TcpListener, TcpStream};

/// The certificate every gate serves, and its key (PKCS#8 PEM).
struct Certificate {
    pem: String,
    key: Vec<u8>,
}

/// Generated once per test process: an EC P-256 key, `CN=localhost`, SAN `DNS:localhost`,
/// `CA:TRUE` (so that it is its own trust anchor), valid from an hour ago for a day.
fn certificate() -> &'static Certificate {
    static CERTIFICATE: OnceLock<Certificate> = OnceLock::new();
    CERTIFICATE.get_or_init(|| {
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
        let key = PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap();
        let mut name = X509NameBuilder::new().unwrap();
        name.append_entry_by_nid(Nid::COMMONNAME, "localhost")
            .unwrap();
        let name = name.build();
        let mut serial = BigNum::new().unwrap();
        serial.rand(127, MsbOption::MAYBE_ZERO, false).unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let mut cert = X509::builder().unwrap();
        cert.set_version(2).unwrap();
        cert.set_serial_number(&serial.to_asn1_integer().unwrap())
            .unwrap();
        cert.set_subject_name(&name).unwrap();
        cert.set_issuer_name(&name).unwrap();
        cert.set_pubkey(&key).unwrap();
        cert.set_not_before(&Asn1Time::from_unix(now - 3600).unwrap())
            .unwrap();
        cert.set_not_after(&Asn1Time::from_unix(now + 86_400).unwrap())
            .unwrap();
        let ca = BasicConstraints::new().critical().ca().build().unwrap();
        cert.append_extension(ca).unwrap();
        let usage = KeyUsage::new()
            .critical()
            .digital_signature()
            .key_cert_sign()
            .build()
            .unwrap();
        cert.append_extension(usage).unwrap();
        let server = ExtendedKeyUsage::new().server_auth().build().unwrap();
        cert.append_extension(server).unwrap();
        let san = SubjectAlternativeName::new()
            .dns("localhost")
            .build(&cert.x509v3_context(None, None))
            .unwrap();
        cert.append_extension(san).unwrap();
        cert.sign(&key, MessageDigest::sha256()).unwrap();
        Certificate {
            pem: String::from_utf8(cert.build().to_pem().unwrap()).unwrap(),
            key: key.private_key_to_pem_pkcs8().unwrap(),
        }
    })
}

/// The PEM of the certificate every gate serves, for `EmulatorConfig.webhook_roots`.
pub fn root_pem() -> &'static str {
    &certificate().pem
}

/// An HTTPS endpoint in front of a plain-HTTP server; stops accepting when dropped.
pub struct HttpsGate {
    port: u16,
    down: Arc<AtomicBool>,
    connections: Arc<AtomicUsize>,
    target: Arc<std::sync::Mutex<SocketAddr>>,
    accepting: tokio::task::JoinHandle<()>,
}

impl HttpsGate {
    /// Starts forwarding to `target`; `url()` is `https://localhost:<port>`.
    pub async fn start(target: SocketAddr) -> HttpsGate {
        let cert = certificate();
        let identity = native_tls::Identity::from_pkcs8(cert.pem.as_bytes(), &cert.key).unwrap();
        let acceptor: tokio_native_tls::TlsAcceptor =
            native_tls::TlsAcceptor::new(identity).unwrap().into();
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .unwrap();
        let port = listener.local_addr().unwrap().port();
        let down = Arc::new(AtomicBool::new(false));
        let connections = Arc::new(AtomicUsize::new(0));
        let target = Arc::new(std::sync::Mutex::new(target));
        let accepting = tokio::spawn({
            let (down, connections) = (down.clone(), connections.clone());
            let target = target.clone();
            async move {
                while let Ok((stream, _)) = listener.accept().await {
                    connections.fetch_add(1, Ordering::SeqCst);
                    if down.load(Ordering::SeqCst) {
                        drop(stream);
                        continue;
                    }
                    let to = *target.lock().unwrap();
                    tokio::spawn(forward(acceptor.clone(), stream, to));
                }
            }
        });
        HttpsGate {
            port,
            down,
            connections,
            target,
            accepting,
        }
    }

    pub fn url(&self) -> String {
        format!("https://localhost:{}", self.port)
    }

    /// While down, accepted connections are closed at once (a receiver that is down).
    pub fn set_down(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
    }

    /// Forwards later connections to `target` (a server started after its gate, whose
    /// address was not known yet).
    pub fn retarget(&self, target: SocketAddr) {
        *self.target.lock().unwrap() = target;
    }

    /// How many connections arrived (up or down).
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for HttpsGate {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

/// Terminates TLS on `stream` and copies bytes both ways to `target` until either side
/// closes; a failed handshake or an unreachable target just ends the connection.
async fn forward(acceptor: tokio_native_tls::TlsAcceptor, stream: TcpStream, target: SocketAddr) {
    let Ok(mut tls) = acceptor.accept(stream).await else {
        return;
    };
    let Ok(mut upstream) = TcpStream::connect(target).await else {
        return;
    };
    let _ = tokio::io::copy_bidirectional(&mut tls, &mut upstream).await;
}
