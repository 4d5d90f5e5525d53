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
