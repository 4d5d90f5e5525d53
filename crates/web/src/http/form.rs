//! Submitted HTML forms (`application/x-www-form-urlencoded`), read with the
//! `form_urlencoded` crate. The editors' forms are read as name–value lists,
//! not into structs, because their fields follow the entry kinds' schemas.

/// A submitted form: every name with all its values, in order.
#[derive(Debug, Clone, Default)]
pub struct FormData(pub Vec<(String, String)>);

impl FormData {
    /// Reads an `application/x-www-form-urlencoded` body.
    pub fn parse(body: &[u8]) -> FormData {
        FormData(form_urlencoded::parse(body).into_owned().collect())
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The trimmed text of a field, with Windows line ends made plain.
    pub fn text(&self, name: &str) -> String {
        self.get(name)
            .unwrap_or("")
            .replace("\r\n", "\n")
            .trim()
            .to_string()
    }
}

/// A form posted to one of the public site's pages (alerts, error reports):
/// who sent it, the page's query string and the fields.
pub struct PublicForm {
    pub ip: std::net::IpAddr,
    pub query: Option<String>,
    pub form: FormData,
}

/// Why a public form was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicFormRefusal {
    /// The browser says it came from another site.
    CrossSite,
    /// Larger than the service accepts.
    TooLarge,
}

/// Reads a public form: the client's address (through trusted proxies
/// only), refusing one posted from another site or larger than
/// [`crate::MAX_BODY`].
pub async fn read_public(
    request: axum::extract::Request,
    config: &crate::state::Config,
) -> Result<PublicForm, PublicFormRefusal> {
    let ip = crate::http::net::client_ip(request.extensions(), request.headers(), &config.trusted_proxies);
    let (parts, body) = request.into_parts();
    if !crate::auth::session::same_site(&parts.headers, config.public_url.as_deref()) {
        return Err(PublicFormRefusal::CrossSite);
    }
    let body = axum::body::to_bytes(body, crate::MAX_BODY)
        .await
        .map_err(|_| PublicFormRefusal::TooLarge)?;
    Ok(PublicForm {
        ip,
        query: parts.uri.query().map(str::to_string),
        form: FormData::parse(&body),
    })
}
