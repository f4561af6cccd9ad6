//! Router assembly and the accept loop. The loop is our own (hyper's HTTP/1 connection
//! builder) rather than `axum::serve` so a fault can close a connection without an answer
//! and shutdown can be graceful yet bounded.

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderValue};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::IntoResponse;
use axum::routing::{any, get, post, put};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};
use tower::ServiceExt;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::ApiError;
use crate::faults::DropConnection;
use crate::state::AppState;
use crate::{
    auth, control, faults, handlers, middleware, ratelimit, static_files, upstream, Config,
};

/// The Content-Security-Policy of every answer.
pub fn csp(frame_ancestors: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: https:; connect-src 'self'; frame-ancestors {frame_ancestors}; \
         report-uri /csp-report"
    )
}

/// The whole app over `state`.
pub fn router(state: AppState) -> Router {
    let api = if state.upstream.is_set() {
        Router::new()
            .route("/api/v1", any(upstream::proxy))
            .route("/api/v1/{*rest}", any(upstream::proxy))
    } else {
        let user = "/api/v1/integrations/{integration_id}/users/{user_id}";
        Router::new()
            .route("/api/v1/me", get(handlers::get_me))
            .route("/api/v1/integrations", get(handlers::list_integrations))
            .route(
                "/api/v1/integrations/{integration_id}",
                get(handlers::get_integration),
            )
            .route(
                "/api/v1/integrations/{integration_id}/users",
                get(handlers::list_users),
            )
            .route(user, get(handlers::get_user))
            .route(&format!("{user}/retry"), post(handlers::retry))
            .route(&format!("{user}/events"), get(handlers::list_events))
            .route(
                "/api/v1/integrations/{integration_id}/failures",
                get(handlers::list_failures),
            )
            .route(
                "/api/v1/integrations/{integration_id}/failures/{error_code}/retry",
                post(handlers::retry_failures),
            )
            .route(
                "/api/v1/integrations/{integration_id}/sync",
                post(handlers::sync),
            )
            // Route layer: runs after matching, so it knows which operation is asked for.
            .route_layer(from_fn_with_state(state.clone(), faults::inject))
    }
    .route("/api", any(handlers::api_not_found))
    .route("/api/{*rest}", any(handlers::api_not_found))
    .layer(from_fn_with_state(state.clone(), ratelimit::limit))
    .layer(from_fn(middleware::api_cache_control));

    let control = Router::new()
        .route(
            "/dev/faults",
            get(control::list_faults)
                .put(control::add_fault)
                .delete(control::clear_faults),
        )
        .route(
            "/dev/simulator",
            get(control::sim_status).post(control::sim_set),
        )
        .route("/dev/simulator/step", post(control::sim_step))
        .route("/dev/reset", post(control::reset))
        .route(
            "/dev/users/{integration_id}/{user_id}",
            put(control::override_user),
        )
        .route(
            "/dev/requests",
            get(control::list_requests).delete(control::clear_requests),
        )
        .route("/dev/csp-reports", get(control::csp_reports))
        .route_layer(from_fn_with_state(state.clone(), control::gate));

    let dev = Router::new()
        .route("/dev/login", get(auth::login))
        .route("/dev/logout", get(auth::logout))
        .route("/csp-report", post(control::csp_report))
        .route("/dev/{*rest}", any(handlers::api_not_found));

    let mut app = Router::new().merge(api).merge(control).merge(dev);
    app = match &state.config.dist {
        Some(dist) => app.fallback_service(static_files::router(dist)),
        None => app.fallback(static_files::no_dist),
    };
    let csp = HeaderValue::from_str(&csp(&state.config.frame_ancestors))
        .unwrap_or_else(|_| HeaderValue::from_str(&csp("'self'")).expect("static CSP is valid"));
    app.with_state(state.clone())
        // Inside the request-id layer, so a panic becomes a proper 500 error body.
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::internal("The server hit an unexpected error.").into_response()
        }))
        .layer(from_fn_with_state(state, middleware::request_id))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            csp,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        // Default predicate: compresses wasm, JS, CSS, JSON; skips images and tiny bodies.
        .layer(CompressionLayer::new())
}

/// A server started by [`crate::spawn`].
pub struct Running {
    /// The bound address (the real port when 0 was asked for).
    pub addr: SocketAddr,
    state: AppState,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Running {
    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The app's shared state (for in-process benchmarks and tests).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Stops accepting, lets open requests finish (at most 2 s), then returns.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// Error that makes hyper close the connection without writing a response.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for Dropped {}

/// Binds and starts serving on a task.
pub async fn spawn(config: Config, addr: SocketAddr) -> std::io::Result<Running> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let state = AppState::new(config);
    let app = router(state.clone());
    let (stop, rx) = watch::channel(false);
    let task = tokio::spawn(serve(listener, app, rx));
    Ok(Running {
        addr,
        state,
        stop,
        task,
    })
}

async fn serve(listener: TcpListener, app: Router, mut stop: watch::Receiver<bool>) {
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        // Out of file descriptors and the like: back off instead of spinning.
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                conns.spawn(connection(stream, peer, app.clone(), stop.clone()));
            }
            _ = stop.changed() => break,
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
    drop(listener);
    let drain = async { while conns.join_next().await.is_some() {} };
    let _ = tokio::time::timeout(Duration::from_secs(3), drain).await;
    conns.abort_all();
}

async fn connection(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    app: Router,
    mut stop: watch::Receiver<bool>,
) {
    let svc = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        let app = app.clone();
        req.extensions_mut().insert(ConnectInfo(peer));
        async move {
            let res = match app.oneshot(req.map(Body::new)).await {
                Ok(r) => r,
                Err(never) => match never {},
            };
            if res.extensions().get::<DropConnection>().is_some() {
                Err(Dropped)
            } else {
                Ok(res)
            }
        }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .serve_connection(TokioIo::new(stream), svc)
        .with_upgrades();
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = stop.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(Duration::from_secs(2), conn).await;
        }
    }
}
