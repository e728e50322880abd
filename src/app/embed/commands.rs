//! The host page's commands on a mounted module: `goto`, `select`, `clear`, `applyBookmark`.
//! Each resolves once the sheet shows the change, or rejects with why it cannot be done. In
//! every mode the sheet is re-pointed: a frame through Qlik's single API parameters, the
//! qlik-embed element through its `select:json` and `bookmark` attributes. Selections made
//! inside a cross-origin frame are not observable, so `selections-changed` reports the host's.

use super::Boxed;
use super::events::HostEvent;
use super::export::{self, ExportFormat, ExportRequest};
use super::frame_state::FrameState;
use super::placement::{find, not_in_menu};
use super::sign_in::ProblemCode;
use super::state::Embed;
use super::token_life::FreshToken;
use crate::domain::EmbeddingMode;

/// The commands of one mounted module (the handle `OemHub.mount` resolves to).
#[derive(Clone, Copy)]
pub struct Commands {
    embed: Embed,
}

/// A command from the host page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Goto {
        module: String,
        sheet: String,
    },
    Select {
        field: String,
        values: Vec<String>,
    },
    Clear {
        field: Option<String>,
    },
    ApplyBookmark {
        id: String,
    },
    SetToken {
        token: Option<String>,
    },
    Export {
        format: String,
        object: Option<String>,
    },
}

impl Commands {
    /// The commands of `embed`.
    pub fn new(embed: Embed) -> Self {
        Self { embed }
    }

    /// Carries out `command` (one boxed entry point keeps the bundle small: one future for
    /// all, whoever gives the command).
    pub fn run(self, command: Command) -> Boxed<'static, Result<(), String>> {
        Box::pin(async move {
            match command {
                Command::Goto { module, sheet } => self.goto(&module, &sheet).await,
                Command::Select { field, values } => self.select(&field, values).await,
                Command::Clear { field } => self.clear(field.as_deref()).await,
                Command::ApplyBookmark { id } => self.apply_bookmark(&id).await,
                Command::SetToken { token } => self.set_token(token).await,
                Command::Export { format, object } => self.export(&format, object.as_deref()).await,
            }
        })
    }

    /// Shows `sheet` of `module`, when the user's menu has it.
    async fn goto(self, module: &str, sheet: &str) -> Result<(), String> {
        let embed = self.embed;
        let found = embed.read(|p| p.menu.as_deref().and_then(|m| find(m, module, sheet)));
        let (module, sheet) = found.ok_or_else(|| not_in_menu(module, sheet).message)?;
        embed.open(module, sheet).await;
        embed.outcome()
    }

    /// Selects `values` in `field` on the current sheet (replacing the field's selection).
    async fn select(self, field: &str, values: Vec<String>) -> Result<(), String> {
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        self.change(|state| state.select(field, &refs)).await?;
        self.tell(Some(field), values);
        Ok(())
    }

    /// Clears `field`'s selection, or all selections and the bookmark.
    async fn clear(self, field: Option<&str>) -> Result<(), String> {
        self.change(|state| {
            state.clear(field);
            Ok(())
        })
        .await?;
        self.tell(field, Vec::new());
        Ok(())
    }

    /// Applies bookmark `id` of the current sheet's app.
    async fn apply_bookmark(self, id: &str) -> Result<(), String> {
        self.change(|state| state.bookmark(id)).await
    }

    /// Swaps in `token` from the host (as `fetchToken` would give it): same customer and user
    /// only.
    async fn set_token(self, token: Option<String>) -> Result<(), String> {
        let fresh = FreshToken::read(token).ok_or("setToken: no token given")?;
        let hub = self.embed.hub();
        hub.adopt(fresh).await.map_err(|e| e.message)?;
        if self.embed.shows_problem(ProblemCode::TokenExpired) {
            self.embed.set_problem(None);
        }
        Ok(())
    }

    /// Exports the current sheet with the host's selections as `format` (`pdf`, or `xlsx`
    /// of visualization `object`), telling the host how it goes (`oem-hub:export`).
    async fn export(self, format: &str, object: Option<&str>) -> Result<(), String> {
        let format = ExportFormat::parse(format).ok_or("export: the format must be pdf or xlsx")?;
        let embed = self.embed;
        let (module, sheet) = embed
            .read(|p| p.current.clone())
            .ok_or("no sheet is shown yet: wait for oem-hub:sheet-changed")?;
        let selections = self.selections();
        let body = export::body(&ExportRequest {
            module: &module,
            sheet: sheet.id.as_str(),
            format,
            object,
            selections: &selections,
        });
        let tell = |state, bytes, message| {
            embed.emit(HostEvent::Export {
                state,
                format: format.as_str(),
                module: module.clone(),
                sheet: sheet.id.to_string(),
                bytes,
                message,
            })
        };
        tell("started", None, None);
        let file_name = format!("{}.{}", sheet.title, format.as_str());
        let hub = embed.hub();
        match hub.export(body, &file_name).await {
            Ok(bytes) => {
                tell("done", Some(bytes), None);
                Ok(())
            }
            Err(e) => {
                tell("failed", None, Some(e.message.clone()));
                Err(e.message)
            }
        }
    }

    /// The host's selections as (field, values).
    fn selections(self) -> Vec<(String, Vec<String>)> {
        self.embed.read(|p| {
            p.frame
                .selections()
                .iter()
                .map(|s| (s.field().to_owned(), s.values().to_vec()))
                .collect()
        })
    }

    /// Edits the host's state, checks the sheet can carry it, and shows it.
    async fn change(
        self,
        edit: impl FnOnce(&mut FrameState) -> Result<(), String>,
    ) -> Result<(), String> {
        let embed = self.embed;
        let (module, sheet) = embed
            .read(|p| p.current.clone())
            .ok_or("no sheet is shown yet: wait for oem-hub:sheet-changed")?;
        let mut next = embed.read(|p| p.frame.clone());
        edit(&mut next)?;
        let mode = embed.read(|p| p.setup.as_ref().map_or(EmbeddingMode::Direct, |s| s.mode));
        if mode != EmbeddingMode::Oauth {
            next.apply(&sheet.url)?;
        }
        embed.write(|p| p.frame = next);
        embed.reshow(module, sheet).await;
        embed.outcome()
    }

    fn tell(self, field: Option<&str>, values: Vec<String>) {
        let selections = self.selections();
        self.embed.emit(HostEvent::SelectionsChanged {
            field: field.map(str::to_owned),
            values,
            selections,
        });
    }
}

/// The strings of a JS array (`select`'s values), `None` for anything else.
pub fn strings(value: &wasm_bindgen::JsValue) -> Option<Vec<String>> {
    if !js_sys::Array::is_array(value) {
        return None;
    }
    js_sys::Array::from(value)
        .iter()
        .map(|v| v.as_string())
        .collect()
}
