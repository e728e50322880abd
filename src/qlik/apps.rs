//! App calls: export → download → import, scripts, publish and republish.

use super::TenantApi;
use super::calls::query_value;
use super::client::Payload;
use super::error::QlikError;
use super::models::{NxApp, ScriptIssues};
use crate::domain::{AppId, SpaceId};
use reqwest::Method;
use serde_json::json;

impl TenantApi<'_> {
    /// `POST /api/v1/apps/{id}/export`: the app file's bytes. Qlik's tutorials see 201 +
    /// `Location` (then `GET` that location); @qlik/api 2.19.0 types the answer as 200 with
    /// the file as its body. Both are accepted: a `Location` is followed, else the body is
    /// the file.
    pub async fn export_app(self, app_id: &AppId) -> Result<Vec<u8>, QlikError> {
        let path = format!("/api/v1/apps/{app_id}/export");
        let reply = self.call(Method::POST, &path, Payload::Empty).await?;
        let Some(location) = reply.location else {
            if reply.body.is_empty() {
                return Err(QlikError::Decode {
                    url: path.clone(),
                    message: "export answered neither a Location header nor a file".to_owned(),
                });
            }
            return Ok(reply.body.to_vec());
        };
        let location = super::calls::next_path(&location, self.host().as_str())?;
        let file = self.call(Method::GET, &location, Payload::Empty).await?;
        Ok(file.body.to_vec())
    }

    /// `POST /api/v1/apps/import?name=&spaceId=` with the raw app file → the new app.
    pub async fn import_app(
        self,
        file: &[u8],
        name: &str,
        space_id: Option<&SpaceId>,
    ) -> Result<NxApp, QlikError> {
        let mut path = format!("/api/v1/apps/import?name={}", query_value(name));
        if let Some(space) = space_id {
            path.push_str(&format!("&spaceId={}", query_value(space.as_str())));
        }
        self.send_decoded(Method::POST, &path, Payload::Binary(file))
            .await
    }

    /// `POST /api/v1/apps/{id}/scripts`: replaces the load script.
    pub async fn set_script(
        self,
        app_id: &AppId,
        script: &str,
        version_message: &str,
    ) -> Result<(), QlikError> {
        let body = json!({ "script": script, "versionMessage": version_message });
        let path = format!("/api/v1/apps/{app_id}/scripts");
        self.send(Method::POST, &path, Payload::Json(&body)).await
    }

    /// `POST /api/v1/apps/validatescript` (200 `ScriptIssues`): Qlik's syntax check of a script
    /// before it is stored and reloaded.
    pub async fn validate_script(self, script: &str) -> Result<ScriptIssues, QlikError> {
        let body = json!({ "script": script });
        self.post("/api/v1/apps/validatescript", &body).await
    }

    /// `DELETE /api/v1/apps/{appId}` (200): removes the app.
    pub async fn delete_app(self, app_id: &AppId) -> Result<(), QlikError> {
        self.delete(&format!("/api/v1/apps/{app_id}")).await
    }

    /// `POST /api/v1/apps/{id}/publish` into a managed space → the published app (new id).
    pub async fn publish_app(self, app_id: &AppId, space_id: &SpaceId) -> Result<NxApp, QlikError> {
        let body = json!({ "spaceId": space_id, "data": "source" });
        self.post(&format!("/api/v1/apps/{app_id}/publish"), &body)
            .await
    }

    /// `PUT /api/v1/apps/{id}/publish` onto `target_id` → the same published app, updated.
    pub async fn republish_app(
        self,
        app_id: &AppId,
        target_id: &AppId,
    ) -> Result<NxApp, QlikError> {
        self.republish(app_id, target_id, true).await
    }

    /// Republishes a *different* staging app (a new template version's import) onto the
    /// published `target_id`, keeping its id: `checkOriginAppId` false.
    pub async fn republish_app_over(
        self,
        app_id: &AppId,
        target_id: &AppId,
    ) -> Result<NxApp, QlikError> {
        self.republish(app_id, target_id, false).await
    }

    async fn republish(
        self,
        app_id: &AppId,
        target_id: &AppId,
        check_origin: bool,
    ) -> Result<NxApp, QlikError> {
        let body =
            json!({ "targetId": target_id, "data": "source", "checkOriginAppId": check_origin });
        self.put(&format!("/api/v1/apps/{app_id}/publish"), &body)
            .await
    }
}
