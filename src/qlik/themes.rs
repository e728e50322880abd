//! The themes API (`/api/v1/themes`, `@qlik/api` 2.19.0 `themes`): custom themes on a tenant.
//! `uploadTheme` (`POST`, 201 `Theme`) and `patchTheme` (`PATCH /{id}`, 200 `Themes`) take
//! `multipart/form-data` with the archive as `file` (and an optional `data` part, the `Theme`
//! model as JSON, which oem-hub does not send); `getTheme`, `deleteTheme` (204) and
//! `downloadTheme` (`GET /{id}/file`, the zip) take the theme's id or its `qextFilename`.
//! `GET /api/v1/themes` lists them all (`{data: Theme[]}`, no paging). Upload is Tier 2.

use super::TenantApi;
use super::client::{Payload, decode};
use super::error::QlikError;
use crate::domain::{ThemeId, ThemeName};
use reqwest::Method;
use serde::Deserialize;

/// The parts of a `Theme` oem-hub reads (every member is optional in `themes.d.ts`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Theme {
    pub id: ThemeId,
    /// The `.qext` file's name without extension: the theme's name in sheet URLs.
    pub qext_filename: Option<String>,
    /// The display name (the `.qext`'s `name`).
    pub name: Option<String>,
    pub qext_version: Option<String>,
}

#[derive(Deserialize)]
struct Themes {
    data: Vec<Theme>,
}

/// A `multipart/form-data` body holding `archive` as the `file` part, and its content type.
pub fn form(archive: &[u8], boundary: &str) -> (String, Vec<u8>) {
    let mut body = Vec::with_capacity(archive.len() + 256);
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"theme.zip\"\r\n\
             Content-Type: application/zip\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(archive);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A boundary that does not occur in `archive`.
fn boundary(archive: &[u8]) -> String {
    let mut n: u64 = 0;
    loop {
        let candidate = format!("oem-hub-theme-{n:016x}");
        if !archive
            .windows(candidate.len())
            .any(|w| w == candidate.as_bytes())
        {
            return candidate;
        }
        n += 1;
    }
}

fn path(name: &ThemeName) -> String {
    format!("/api/v1/themes/{name}")
}

impl TenantApi<'_> {
    /// `GET /api/v1/themes` → 200 `Themes`.
    pub async fn list_themes(self) -> Result<Vec<Theme>, QlikError> {
        let all: Themes = self.get("/api/v1/themes").await?;
        Ok(all.data)
    }

    /// `GET /api/v1/themes/{id}` by `qextFilename` → 200 `Theme`; 404 when there is none.
    pub async fn get_theme(self, name: &ThemeName) -> Result<Theme, QlikError> {
        self.get(&path(name)).await
    }

    /// `POST /api/v1/themes` with `archive` as `file` → 201 `Theme`; 409 when a theme of that
    /// `qextFilename` exists, 422 for an archive Qlik refuses.
    pub async fn upload_theme(self, archive: &[u8]) -> Result<Theme, QlikError> {
        self.send_form(Method::POST, "/api/v1/themes", archive)
            .await
            .and_then(|(url, body)| decode(&url, &body))
    }

    /// `PATCH /api/v1/themes/{id}` with a new archive → 200 `Themes` (the theme, changed).
    pub async fn replace_theme(self, name: &ThemeName, archive: &[u8]) -> Result<Theme, QlikError> {
        let (url, body) = self.send_form(Method::PATCH, &path(name), archive).await?;
        let changed: Themes = decode(&url, &body)?;
        changed.data.into_iter().next().ok_or(QlikError::Decode {
            url,
            message: "patchTheme answered no theme".to_owned(),
        })
    }

    /// `DELETE /api/v1/themes/{id}` → 204.
    pub async fn delete_theme(self, name: &ThemeName) -> Result<(), QlikError> {
        self.delete(&path(name)).await
    }

    /// `GET /api/v1/themes/{id}/file` → 200 the theme's archive (tenant or analytics
    /// administrators only).
    pub async fn download_theme(self, name: &ThemeName) -> Result<Vec<u8>, QlikError> {
        let path = format!("{}/file", path(name));
        let reply = self.call(Method::GET, &path, Payload::Empty).await?;
        Ok(reply.body.to_vec())
    }

    async fn send_form(
        self,
        method: Method,
        path: &str,
        archive: &[u8],
    ) -> Result<(String, axum::body::Bytes), QlikError> {
        let (content_type, bytes) = form(archive, &boundary(archive));
        let body = Payload::Typed {
            content_type: &content_type,
            bytes: &bytes,
        };
        let reply = self.call(method, path, body).await?;
        Ok((self.url(path), reply.body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_carries_the_archive_as_its_file_part() {
        let (content_type, body) = form(b"PK\x03\x04zip", "b0");
        assert_eq!(content_type, "multipart/form-data; boundary=b0");
        let text = String::from_utf8_lossy(&body);
        assert!(text.starts_with("--b0\r\nContent-Disposition: form-data; name=\"file\""));
        assert!(text.ends_with("PK\u{3}\u{4}zip\r\n--b0--\r\n"), "{text}");
        let tricky = b"oem-hub-theme-0000000000000000".to_vec();
        assert_eq!(boundary(&tricky), "oem-hub-theme-0000000000000001");
    }
}
